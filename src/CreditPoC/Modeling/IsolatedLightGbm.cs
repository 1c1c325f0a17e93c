using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace CreditPoC.Modeling;

/// <summary>
/// Lets LightGBM fits run truly side by side in one process. ML.NET's LightGBM trainer holds a process-wide lock
/// (a static in Microsoft.ML.LightGbm) around building LightGBM's dataset and around training, so two fits in one
/// assembly take turns. Each extra concurrent fit therefore gets its own copy of that one assembly, loaded in its own
/// AssemblyLoadContext (every other assembly, and the native LightGBM library, stay shared), and thus its own lock.
/// The code that runs is the same, so the model is the same as <see cref="ModelFitter.FitLightGbm"/> gives; the
/// tests pin this. Only fits that are scored and dropped use it (TuneModel's trials, CompareModels' folds); models
/// that are kept, saved or explained are always fitted on the ordinary assembly.
/// </summary>
internal static class IsolatedLightGbm
{
    private static readonly ConcurrentBag<Copy> Idle = [];
    private static int _defaultInUse;

    /// <summary>Fits like <see cref="ModelFitter.FitLightGbm"/> on a copy of the trainer no other running fit holds.</summary>
    public static (ITransformer Predictor, IReadOnlyList<RegressionTreeBase> Trees) Fit(IDataView train, IDataView? validation,
        LightGbmParameters parameters, int seed, int threads)
    {
        if (Interlocked.CompareExchange(ref _defaultInUse, 1, 0) == 0)
        {
            try
            {
                var model = ModelFitter.FitLightGbm(train, validation, parameters, seed, threads);
                return (model, model.Model.SubModel.TrainedTreeEnsemble.Trees);
            }
            finally
            {
                Volatile.Write(ref _defaultInUse, 0);
            }
        }
        return FitOnACopy(train, validation, parameters, seed, threads);
    }

    /// <summary>Fits on a copy of the assembly that no running fit holds (made when none is idle).</summary>
    internal static (ITransformer Predictor, IReadOnlyList<RegressionTreeBase> Trees) FitOnACopy(IDataView train, IDataView? validation,
        LightGbmParameters parameters, int seed, int threads)
    {
        var copy = Idle.TryTake(out var idle) ? idle : new Copy();
        try
        {
            return copy.Fit(train, validation, ModelFitter.LightGbmOptions(parameters, seed, threads, earlyStopping: validation is not null), seed);
        }
        finally
        {
            Idle.Add(copy);
        }
    }

    /// <summary>One more copy of Microsoft.ML.LightGbm, driven by reflection.</summary>
    private sealed class Copy
    {
        private readonly Assembly _assembly;
        private readonly MethodInfo _create;

        public Copy()
        {
            var original = typeof(LightGbmBinaryTrainer).Assembly;
            _assembly = new AssemblyLoadContext($"CreditPoC LightGBM copy {Guid.NewGuid():N}").LoadFromAssemblyPath(original.Location);
            var options = Twin(typeof(LightGbmBinaryTrainer.Options));
            _create = _assembly.GetType(typeof(LightGbmExtensions).FullName!, throwOnError: true)!
                .GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == nameof(LightGbmExtensions.LightGbm) && m.GetParameters() is var p && p.Length == 2
                             && p[0].ParameterType == typeof(BinaryClassificationCatalog.BinaryClassificationTrainers) && p[1].ParameterType == options);
        }

        public (ITransformer Predictor, IReadOnlyList<RegressionTreeBase> Trees) Fit(IDataView train, IDataView? validation,
            LightGbmBinaryTrainer.Options options, int seed)
        {
            var ml = new MLContext(seed);
            var trainer = _create.Invoke(null, [ml.BinaryClassification.Trainers, CopyOf(options)])!;
            var predictor = (ITransformer)(validation is null
                ? trainer.GetType().GetMethod(nameof(LightGbmBinaryTrainer.Fit), [typeof(IDataView)])!.Invoke(trainer, [train])!
                : trainer.GetType().GetMethod(nameof(LightGbmBinaryTrainer.Fit), [typeof(IDataView), typeof(IDataView)])!.Invoke(trainer, [train, validation])!);
            var ensemble = Property(Property(Property(predictor, "Model"), "SubModel"), "TrainedTreeEnsemble");
            return (predictor, ((IEnumerable<RegressionTreeBase>)Property(ensemble, "Trees")).ToList());
        }

        /// <summary>A public property, the most derived one where a derived class hides its base's.</summary>
        private static object Property(object owner, string name)
        {
            for (var type = owner.GetType(); type is not null; type = type.BaseType)
                if (type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly) is { } property)
                    return property.GetValue(owner)!;
            throw new InvalidOperationException($"{owner.GetType()} has no property {name}");
        }

        private Type Twin(Type type) => type.Assembly == typeof(LightGbmBinaryTrainer).Assembly
            ? _assembly.GetType(type.FullName!, throwOnError: true)!
            : type;

        /// <summary>The same options object, built from this copy's types (public fields, recursively).</summary>
        private object? CopyOf(object? value)
        {
            if (value is null) return null;
            var type = value.GetType();
            var twin = Twin(type);
            if (twin == type) return value;
            if (type.IsEnum) return Enum.ToObject(twin, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            var copy = Activator.CreateInstance(twin)!;
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
                twin.GetField(field.Name, BindingFlags.Public | BindingFlags.Instance)!.SetValue(copy, CopyOf(field.GetValue(value)));
            // Some options are properties over internal fields (Booster).
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p is { CanRead: true, CanWrite: true }
                         && p.GetIndexParameters().Length == 0 && p.SetMethod!.IsPublic))
                twin.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance, null, Twin(property.PropertyType), [], null)!
                    .SetValue(copy, CopyOf(property.GetValue(value)));
            return copy;
        }
    }
}
