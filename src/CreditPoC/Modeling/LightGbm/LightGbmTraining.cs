namespace CreditPoC.Modeling;

/// <summary>A trained LightGBM Booster and the rounds kept (the best round on validation when it stopped early).</summary>
internal sealed class LightGbmFit(LightGbmBooster booster, int rounds) : IDisposable
{
    public LightGbmBooster Booster { get; } = booster;
    public int Rounds { get; } = rounds;

    /// <summary>The kept rounds in LightGBM's model text.</summary>
    public string ModelText() => Booster.ModelText(Rounds);

    /// <summary>Raw scores (log-odds) of the kept rounds for every row of the matrix.</summary>
    public double[] RawScores(FeatureMatrix matrix, int threads) => Booster.Predict(matrix, LightGbmNative.PredictRawScore, threads, Rounds);

    public void Dispose() => Booster.Dispose();
}

/// <summary>Trains LightGBM round by round, stopping early on a validation Dataset.</summary>
internal static class LightGbmTraining
{
    /// <summary>
    /// Trains at most <see cref="LightGbmParameters.NumBoostRound"/> rounds; with a validation Dataset, stops after
    /// <see cref="LightGbmParameters.EarlyStoppingRounds"/> rounds without improving the metric on it and keeps the best
    /// round's trees.
    /// </summary>
    public static LightGbmFit Train(LightGbmDataset train, LightGbmDataset? validation, LightGbmParameters parameters, int seed, int threads)
    {
        var booster = LightGbmBooster.Create(train, parameters.BoosterParameters(seed, threads));
        try
        {
            var stopEarly = validation is not null && parameters.EarlyStoppingRounds > 0;
            if (validation is not null) booster.AddValidation(validation);
            var higherIsBetter = parameters.EarlyStoppingMetric == LightGbmParameters.Auc;
            var best = double.NaN;
            var bestRound = 0;
            var round = 0;
            while (round < parameters.NumBoostRound)
            {
                if (booster.UpdateOneIteration()) break;
                round++;
                if (!stopEarly) continue;
                var score = booster.Evaluate(1)[0];
                if (double.IsNaN(best) || (higherIsBetter ? score > best : score < best))
                {
                    best = score;
                    bestRound = round;
                }
                else if (round - bestRound >= parameters.EarlyStoppingRounds)
                {
                    break;
                }
            }
            return new LightGbmFit(booster, stopEarly ? Math.Max(bestRound, 1) : Math.Max(round, 1));
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }
}
