using System.Runtime.ExceptionServices;

namespace CreditPoC.Modeling;

/// <summary>
/// Runs independent jobs on a fixed number of worker threads, started in index order, and hands each result to
/// the caller's thread in index order as soon as it and all before it are done. Results therefore never depend on
/// timing; with one worker everything runs on the calling thread, exactly as a plain loop would. An interrupted
/// cell (<see cref="Interruption"/>) starts no new job and stops waiting; running jobs finish in the background.
/// </summary>
internal static class OrderedParallel
{
    /// <summary>Large stacks for the workers: native trainers (LightGBM) run on them.</summary>
    private const int WorkerStackBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Runs <paramref name="job"/> for 0..count-1 on up to <paramref name="workers"/> threads; calls
    /// <paramref name="inOrder"/> on the calling thread for each result in index order. The first failing job (in
    /// index order) stops new jobs from starting and its exception is rethrown once the running ones have finished.
    /// </summary>
    public static T[] Run<T>(int count, int workers, Func<int, T> job, Action<int, T>? inOrder = null)
    {
        var results = new T[count];
        if (count == 0) return results;
        if (workers <= 1 || count == 1)
        {
            for (var i = 0; i < count; i++)
            {
                Interruption.ThrowIfRequested();
                results[i] = job(i);
                inOrder?.Invoke(i, results[i]);
            }
            return results;
        }

        var done = Enumerable.Range(0, count).Select(_ => new ManualResetEventSlim(false)).ToArray();
        var errors = new ExceptionDispatchInfo?[count];
        var next = -1;
        var stop = 0;
        void Work()
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                try
                {
                    Interruption.ThrowIfRequested();
                    results[i] = job(i);
                }
                catch (Exception e)
                {
                    errors[i] = ExceptionDispatchInfo.Capture(e);
                    Volatile.Write(ref stop, 1);
                }
                finally
                {
                    done[i].Set();
                }
            }
        }

        var threads = Enumerable.Range(0, Math.Min(workers, count))
            .Select(w => new Thread(Work, WorkerStackBytes) { IsBackground = true, Name = $"CreditPoC worker {w + 1}" }).ToArray();
        foreach (var thread in threads) thread.Start();
        try
        {
            for (var i = 0; i < count; i++)
            {
                // A job that never started (another failed first) is never signalled: stop once every worker has exited.
                while (!done[i].Wait(50) && threads.Any(t => t.IsAlive)) Interruption.ThrowIfRequested();
                if (!done[i].IsSet) break;
                if (errors[i] is not null) break;
                inOrder?.Invoke(i, results[i]);
            }
        }
        catch
        {
            Volatile.Write(ref stop, 1);
            throw;
        }
        finally
        {
            // Interrupted: the running jobs end on their own; waiting for them would delay the interrupt by a fit.
            if (!Interruption.Token.IsCancellationRequested)
            {
                foreach (var thread in threads) thread.Join();
                foreach (var signal in done) signal.Dispose();
            }
        }
        FirstError(errors)?.Throw();
        return results;
    }

    private static ExceptionDispatchInfo? FirstError(ExceptionDispatchInfo?[] errors) => errors.FirstOrDefault(e => e is not null);
}
