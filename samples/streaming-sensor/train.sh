#!/usr/bin/env sh
# Trains sensor.safetensors, the model this sample embeds (about 20 s of training): train/ writes 512 windows of 128
# samples of the synthetic sensor (Signal.cs) as .npy, then `recurrent train` fits a 2-layer LSTM to predict the
# next sample. tests/Recurrent.Aot.Training.Tests/Samples/StreamingSensorSampleTests.cs runs the `recurrent train`
# line below and checks that it still learns and writes these exact bytes.
set -e
cd "$(dirname "$0")"
recurrent() { dotnet run --project ../../tools/Recurrent.Aot.Cli -c Release -f net10.0 -- "$@"; }
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
dotnet run --project train -c Release -- "$data"

recurrent train --data "$data/inputs.npy" --targets "$data/targets.npy" --cell lstm --layers 2 --hidden 16 --loss mse --output-mode every --epochs 40 --lr 0.02 --batch-size 32 --seed 1 -o sensor.safetensors
