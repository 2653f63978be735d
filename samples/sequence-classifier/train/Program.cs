using SequenceClassifier.Training;

// Trains the LSTM and GRU classifiers of seed 002 on the synthetic data and writes, under the sample folder given,
// models/lstm-relu.safetensors, models/gru-relu.safetensors (the app embeds them) and app/TrainerReference.cs
// (the trainer's outputs the app compares with). The same seed gives the same files, byte for byte.
if (args.Length != 1 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: dotnet run --project samples/sequence-classifier/train -c Release -- samples/sequence-classifier");
    return 2;
}

ClassifierTraining.TrainAndSave(args[0], new ClassifierRecipe(), Console.Out);
return 0;
