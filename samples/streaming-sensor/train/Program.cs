// Writes the training windows of the streaming-sensor sample: dotnet run --project train -- FOLDER
StreamingSensor.Training.SensorData.Write(args.Length > 0 ? args[0] : "data");
return 0;
