using System.Globalization;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Reporting;
using Recurrent.Aot.Training.Training;
using Spectre.Console;

namespace Recurrent.Aot.Cli.Commands;

/// <summary>One Spectre.Console progress bar per epoch, which becomes that epoch's summary line when it ends.</summary>
internal static class TrainProgress
{
    public static IReadOnlyList<EpochMetrics> Run(TextWriter writer, FitLoop<float> loop, List<SequenceExample> train, List<SequenceExample> validation, int firstEpoch, int epochs)
    {
        // A terminal gets live bars; redirected output (logs, tests) gets the same lines without animation.
        bool live = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });

        IReadOnlyList<EpochMetrics> history = [];
        if (!live)
        {
            return loop.Run(train, validation, firstEpoch, m => console.WriteLine(Summary(m, epochs)));
        }

        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask? current = null;
                int currentEpoch = -1;
                history = loop.Run(
                    train,
                    validation,
                    firstEpoch,
                    onEpoch: m =>
                    {
                        if (current is not null)
                        {
                            current.Description = Markup.Escape(Summary(m, epochs));
                            current.Value = current.MaxValue;
                            current.StopTask();
                        }
                    },
                    onBatch: (epoch, done, total) =>
                    {
                        if (epoch != currentEpoch)
                        {
                            currentEpoch = epoch;
                            current = context.AddTask(Markup.Escape($"epoch {epoch + 1}/{epochs}"), maxValue: total);
                        }

                        current!.Value = done;
                    });
            });
        return history;
    }

    private static string Summary(EpochMetrics m, int epochs)
    {
        string Percent(double v) => double.IsNaN(v) ? string.Empty : v.ToString(" 0.0%", CultureInfo.InvariantCulture);
        string text = string.Create(CultureInfo.InvariantCulture, $"epoch {m.Epoch + 1}/{epochs}  train loss {m.TrainLoss:0.0000}{Percent(m.TrainAccuracy)}");
        if (m.HasValidation)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  validation loss {m.ValidationLoss:0.0000}{Percent(m.ValidationAccuracy)}");
        }

        return text + string.Create(CultureInfo.InvariantCulture, $"  {m.Seconds:0.0} s");
    }
}
