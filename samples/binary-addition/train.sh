#!/usr/bin/env sh
# Trains add.safetensors, the model this sample embeds (a few seconds). The test
# tests/Recurrent.Aot.Training.Tests/Samples/BinaryAdditionSampleTests.cs runs the `recurrent train` line below
# and checks that it still reaches 100 % and writes these exact bytes.
set -e
cd "$(dirname "$0")"
recurrent() { dotnet run --project ../../tools/Recurrent.Aot.Cli -c Release -f net10.0 -- "$@"; }

recurrent train --task binary-addition --cell rnn --hidden 3 --loss bce --output-mode every --epochs 60 --lr 0.01 --batch-size 16 --learn-initial-state --seed 1 -o add.safetensors
