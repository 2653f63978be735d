namespace Recurrent.Aot.Generator.Model;

/// <summary>
/// A weight matrix an int8 file stores as I8 with its per-row scales: q and s exactly as read, and where the matrix
/// lies in the flat parameters (which hold its q · s). A model declared Int8 embeds these instead of quantizing q · s
/// again, which need not give back the same q and s; the runtime's <c>RecurrentModel.Load</c> does the same.
/// </summary>
/// <param name="Offset">The matrix's first weight in the parameters (PyTorch <c>parameters()</c> order).</param>
/// <param name="Rows">Rows of the matrix, one scale each.</param>
/// <param name="Columns">Weights per row.</param>
/// <param name="Values">q, row-major, as the file stores it.</param>
/// <param name="Scales">One scale per row, each finite and greater than zero (checked when read).</param>
internal sealed record StoredInt8Matrix(int Offset, int Rows, int Columns, sbyte[] Values, float[] Scales);
