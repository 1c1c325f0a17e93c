using System.Runtime.InteropServices;

namespace CreditPoC.Modeling;

/// <summary>
/// LightGBM's C API (c_api.h) in the native library the LightGBM package brings beside Microsoft.ML.LightGbm
/// (lib_lightgbm). Every call returns 0 or -1; <see cref="Check"/> turns -1 into an exception with LightGBM's message.
/// </summary>
internal static partial class LightGbmNative
{
    private const string Library = "lib_lightgbm";

    public const int DtypeFloat32 = 0;
    public const int DtypeFloat64 = 1;
    public const int PredictNormal = 0;
    public const int PredictRawScore = 1;
    public const int PredictContrib = 3;
    public const int ImportanceSplit = 0;
    public const int ImportanceGain = 1;

    [LibraryImport(Library)]
    private static partial nint LGBM_GetLastError();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int LGBM_DatasetCreateFromMat(float* data, int dataType, int rows, int columns, int rowMajor,
        string parameters, nint reference, out nint dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int LGBM_DatasetGetSubset(nint dataset, int* rows, int count, string parameters, out nint subset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int LGBM_DatasetSetField(nint dataset, string field, void* data, int count, int type);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetSetFeatureNames(nint dataset, string[] names, int count);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetGetNumData(nint dataset, out int rows);

    [LibraryImport(Library)]
    public static partial int LGBM_DatasetFree(nint dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterCreate(nint train, string parameters, out nint booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterAddValidData(nint booster, nint validation);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterUpdateOneIter(nint booster, out int finished);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetEvalCounts(nint booster, out int count);

    [LibraryImport(Library)]
    public static unsafe partial int LGBM_BoosterGetEval(nint booster, int dataIndex, out int count, double* results);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetCurrentIteration(nint booster, out int iteration);

    [LibraryImport(Library)]
    public static unsafe partial int LGBM_BoosterSaveModelToString(nint booster, int startIteration, int iterations, int importanceType,
        long bufferLength, out long length, byte* text);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterLoadModelFromString(string text, out int iterations, out nint booster);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterCalcNumPredict(nint booster, int rows, int predictType, int startIteration, int iterations, out long length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int LGBM_BoosterPredictForMat(nint booster, float* data, int dataType, int rows, int columns, int rowMajor,
        int predictType, int startIteration, int iterations, string parameters, out long length, double* results);

    [LibraryImport(Library)]
    public static unsafe partial int LGBM_BoosterFeatureImportance(nint booster, int iterations, int importanceType, double* results);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterGetNumFeature(nint booster, out int features);

    [LibraryImport(Library)]
    public static partial int LGBM_BoosterFree(nint booster);

    /// <summary>Throws with LightGBM's last error message when a call failed.</summary>
    public static void Check(int result, string what)
    {
        if (result == 0) return;
        var message = Marshal.PtrToStringUTF8(LGBM_GetLastError()) ?? "unknown error";
        throw new InvalidOperationException($"LightGBM {what} failed: {message}");
    }
}
