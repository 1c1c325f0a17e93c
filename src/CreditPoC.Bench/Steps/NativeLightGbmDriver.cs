namespace CreditPoC.Bench.Steps;

/// <summary>
/// The native baseline of the lightgbm-native step: Debian's python3 driving the same lib_lightgbm.so through ctypes
/// (numpy for the matrices and the AUC, python3-optuna for a TPE search of its own). It shares no code with ours: it
/// reads the matrices, labels and parameter strings the step wrote and prints one JSON line of figures.
/// <c>python3 driver.py LIB WORK</c> measures; <c>python3 driver.py --auc SCORES LABELS</c> prints the AUC of float64
/// scores against float32 0/1 labels (to check it against ours).
/// </summary>
internal static class NativeLightGbmDriver
{
    public const string Script = """
        import ctypes, json, os, statistics, sys, threading, time
        from concurrent.futures import ThreadPoolExecutor
        import numpy as np


        def auc(scores, labels):
            # Mann-Whitney with average ranks for ties.
            scores = np.asarray(scores, dtype=np.float64)
            positive = np.asarray(labels) > 0.5
            n_pos = int(positive.sum())
            n_neg = len(positive) - n_pos
            if n_pos == 0 or n_neg == 0:
                return float("nan")
            _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
            ends = np.cumsum(counts).astype(np.float64)
            average = ends - (counts - 1) / 2.0
            ranks = average[inverse]
            return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


        if sys.argv[1] == "--auc":
            print(json.dumps({"auc": auc(np.fromfile(sys.argv[2], dtype=np.float64), np.fromfile(sys.argv[3], dtype=np.float32))}))
            sys.exit(0)

        lib = ctypes.CDLL(sys.argv[1])  # ctypes releases the GIL during each call: trials side by side run in parallel
        work = sys.argv[2]
        meta = json.load(open(os.path.join(work, "meta.json")))
        columns = meta["columns"]
        lib.LGBM_GetLastError.restype = ctypes.c_char_p
        handle = ctypes.c_void_p


        def check(code):
            if code != 0:
                raise RuntimeError(lib.LGBM_GetLastError().decode())


        def matrix(name):
            values = np.fromfile(os.path.join(work, name + ".f32"), dtype=np.float32)
            return np.ascontiguousarray(values.reshape(-1, columns))


        def labels(name):
            return np.fromfile(os.path.join(work, name + ".labels"), dtype=np.float32)


        def dataset(x, y, parameters, reference=None):
            out = handle()
            check(lib.LGBM_DatasetCreateFromMat(x.ctypes.data_as(ctypes.c_void_p), 0, ctypes.c_int32(x.shape[0]), ctypes.c_int32(x.shape[1]), 1,
                                                parameters.encode(), reference, ctypes.byref(out)))
            y = np.ascontiguousarray(y, dtype=np.float32)
            check(lib.LGBM_DatasetSetField(out, b"label", y.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(len(y)), 0))
            return out


        def free_dataset(d):
            check(lib.LGBM_DatasetFree(d))


        def free_booster(b):
            check(lib.LGBM_BoosterFree(b))


        def train(fit, valid, parameters, rounds, stopping, higher_is_better):
            # The rule of LightGbmTraining.Train: stop after `stopping` rounds without improvement on valid, keep the best round.
            booster = handle()
            check(lib.LGBM_BoosterCreate(fit, parameters.encode(), ctypes.byref(booster)))
            stop_early = valid is not None and stopping > 0
            if valid is not None:
                check(lib.LGBM_BoosterAddValidData(booster, valid))
            finished = ctypes.c_int(0)
            count = ctypes.c_int(0)
            result = (ctypes.c_double * 8)()
            best, best_round, done = None, 0, 0
            while done < rounds:
                check(lib.LGBM_BoosterUpdateOneIter(booster, ctypes.byref(finished)))
                if finished.value:
                    break
                done += 1
                if not stop_early:
                    continue
                check(lib.LGBM_BoosterGetEval(booster, 1, ctypes.byref(count), result))
                score = result[0]
                if best is None or (score > best if higher_is_better else score < best):
                    best, best_round = score, done
                elif done - best_round >= stopping:
                    break
            return booster, (max(best_round, 1) if stop_early else max(done, 1)), done


        def predict(booster, x, kind, threads, iterations=0):
            length = ctypes.c_int64(0)
            check(lib.LGBM_BoosterCalcNumPredict(booster, ctypes.c_int(x.shape[0]), ctypes.c_int(kind), 0, ctypes.c_int(iterations), ctypes.byref(length)))
            out = np.empty(length.value, dtype=np.float64)
            check(lib.LGBM_BoosterPredictForMat(booster, x.ctypes.data_as(ctypes.c_void_p), 0, ctypes.c_int32(x.shape[0]), ctypes.c_int32(x.shape[1]), 1,
                                                ctypes.c_int(kind), 0, ctypes.c_int(iterations), ("num_threads=%d" % threads).encode(),
                                                ctypes.byref(length), out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))))
            return out


        RAW, CONTRIB = 1, 3
        fit_x, valid_x, test_x = matrix("fit"), matrix("valid"), matrix("test")
        fit_y, valid_y, test_y = labels("fit"), labels("valid"), labels("test")
        threads, workers, repeat = meta["threads"], meta["workers"], max(1, meta["repeat"])
        out = {"fit_rows": int(fit_x.shape[0]), "valid_rows": int(valid_x.shape[0]), "test_rows": int(test_x.shape[0]), "columns": columns}

        # (a) Dataset construction: the fit rows binned, the validation rows binned with the fit rows' bins.
        t = time.perf_counter()
        fit_ds = dataset(fit_x, fit_y, meta["dataset_parameters"])
        valid_ds = dataset(valid_x, valid_y, meta["dataset_parameters"], fit_ds)
        out["dataset_s"] = time.perf_counter() - t
        free_dataset(valid_ds)
        free_dataset(fit_ds)

        # The trials' data as ours has it: the whole training part binned once, fit and validation rows as subsets
        # sharing its bins (the same bins, so the same trees and rounds as ours).
        train_x, train_y = matrix("train"), labels("train")
        t = time.perf_counter()
        train_ds = dataset(train_x, train_y, meta["dataset_parameters"])


        def subset(name):
            rows = np.ascontiguousarray(np.fromfile(os.path.join(work, name + ".rows"), dtype=np.int32))
            out_handle = handle()
            check(lib.LGBM_DatasetGetSubset(train_ds, rows.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)), ctypes.c_int32(len(rows)),
                                            meta["dataset_parameters"].encode(), ctypes.byref(out_handle)))
            return out_handle

        fit_ds, valid_ds = subset("fit"), subset("valid")
        out["trial_datasets_s"] = time.perf_counter() - t
        del train_x

        # (b) One fit with fixed parameters, 1 thread, fixed rounds, no early stopping.
        t = time.perf_counter()
        fixed_ds = dataset(fit_x, fit_y, meta["fixed_dataset_parameters"])
        out["fixed_dataset_s"] = time.perf_counter() - t
        t = time.perf_counter()
        booster, _, done = train(fixed_ds, None, meta["fixed_booster_parameters"], meta["fixed_rounds"], 0, True)
        seconds = time.perf_counter() - t
        out["fit_s"] = seconds
        out["fit_rounds"] = done
        out["fit_ms_per_round"] = seconds * 1000 / max(done, 1)
        free_booster(booster)
        free_dataset(fixed_ds)

        stopping = meta["early_stopping_rounds"]
        higher = meta["higher_is_better"]
        lock = threading.Lock()


        def run_trials(parameter_strings, on_trial):
            # Batches of `workers` trials side by side, like TuneModel's, each fit with `threads` threads.
            def one(i):
                t = time.perf_counter()
                booster, kept, _ = train(fit_ds, valid_ds, parameter_strings[i], meta["num_boost_round"], stopping, higher)
                score = auc(predict(booster, valid_x, RAW, threads, kept), valid_y)
                return on_trial(i, booster, kept, score, time.perf_counter() - t)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(one, range(len(parameter_strings))))


        best = {"auc": -1.0, "booster": None, "rounds": 0, "number": 0}


        def keep_best(number, booster, kept, score):
            with lock:
                if score > best["auc"] or (score == best["auc"] and number < best["number"]):
                    if best["booster"] is not None:
                        free_booster(best["booster"])
                    best.update(auc=score, booster=booster, rounds=kept, number=number)
                else:
                    free_booster(booster)


        def best_test_auc():
            booster = best["booster"]
            score = auc(predict(booster, test_x, RAW, threads, best["rounds"]), test_y)
            free_booster(booster)
            best.update(auc=-1.0, booster=None, rounds=0, number=0)
            return score


        # (c) The replayed parameter sets: the points our TPE search proposed, in order.
        def replayed(i, booster, kept, score, seconds):
            keep_best(i + 1, booster, kept, score)
            return {"auc": score, "rounds": kept, "s": seconds}

        t = time.perf_counter()
        trials = run_trials(meta["replay"], replayed)
        out["replay_s"] = time.perf_counter() - t
        out["replay_trials"] = trials
        out["replay_best_valid_auc"] = best["auc"]
        out["replay_best_trial"] = best["number"]
        out["replay_test_auc"] = best_test_auc()

        # (d) Optuna's own TPE search (seeded) over the same space and data.
        try:
            import optuna
        except ImportError:
            optuna = None
        if optuna is not None and meta["optuna_trials"] > 0:
            optuna.logging.set_verbosity(optuna.logging.WARNING)
            space = meta["space"]

            def booster_parameters(point):
                parts = [meta["search_fixed_parameters"]]
                for p in space:
                    value = point[p["name"]]
                    parts.append("%s=%s" % (p["lightgbm"], int(value) if p["integer"] else repr(float(value))))
                return " ".join(parts)

            def objective(trial):
                point = {}
                for p in space:
                    if p["integer"]:
                        point[p["name"]] = trial.suggest_int(p["name"], int(p["low"]), int(p["high"]), log=p["log"])
                    else:
                        point[p["name"]] = trial.suggest_float(p["name"], p["low"], p["high"], log=p["log"])
                t = time.perf_counter()
                booster, kept, _ = train(fit_ds, valid_ds, booster_parameters(point), meta["num_boost_round"], stopping, higher)
                score = auc(predict(booster, valid_x, RAW, threads, kept), valid_y)
                keep_best(trial.number + 1, booster, kept, score)
                trial.set_user_attr("rounds", kept)
                return score

            study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=meta["seed"]))
            t = time.perf_counter()
            study.optimize(objective, n_trials=meta["optuna_trials"], n_jobs=workers)
            out["optuna_s"] = time.perf_counter() - t
            out["optuna_trials"] = len(study.trials)
            out["optuna_best_valid_auc"] = best["auc"]
            out["optuna_test_auc"] = best_test_auc()
            out["optuna_version"] = optuna.__version__

        free_dataset(valid_ds)
        free_dataset(fit_ds)
        free_dataset(train_ds)

        # (e) The tree part: the same model text over the same test matrix, 1 thread and all the step's cores.
        model = handle()
        iterations = ctypes.c_int(0)
        check(lib.LGBM_BoosterLoadModelFromString(open(os.path.join(work, "model.txt"), "rb").read(), ctypes.byref(iterations), ctypes.byref(model)))

        def timed(action):
            action()  # warm-up
            runs = []
            for _ in range(repeat):
                t = time.perf_counter()
                result = action()
                runs.append(time.perf_counter() - t)
            return statistics.median(runs), result

        seconds, raw = timed(lambda: predict(model, test_x, RAW, 1))
        out["score_1t_rows_per_s"] = test_x.shape[0] / seconds
        seconds, raw = timed(lambda: predict(model, test_x, RAW, meta["cores"]))
        out["score_rows_per_s"] = test_x.shape[0] / seconds
        out["score_test_auc"] = auc(raw, test_y)
        np.asarray(raw, dtype=np.float64).tofile(os.path.join(work, "native_raw.f64"))

        # (f) LightGBM's TreeSHAP (C_API_PREDICT_CONTRIB) for a day's applications.
        day = np.ascontiguousarray(test_x[: meta["shap_rows"]])
        seconds, contributions = timed(lambda: predict(model, day, CONTRIB, meta["cores"]))
        out["shap_rows"] = int(day.shape[0])
        out["shap_s"] = seconds
        out["shap_sum"] = float(np.sum(contributions))
        free_booster(model)
        print(json.dumps(out))
        """;
}
