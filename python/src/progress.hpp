#pragma once
// Long computations from Python: the GIL released while they run, progress reported and Ctrl-C
// checked through the engine's ProgressCallback (uncertainty, sensitivity, robust plans).
#include <pybind11/pybind11.h>

#include <govindex/engines/uncertainty/uncertainty.hpp>
#include <govindex/errors.hpp>

#include <memory>
#include <utility>

namespace govindex::python {

/// A progress callback for the engine: with the GIL, checks for Ctrl-C and calls `progress(done,
/// total)` if given. A Python error (KeyboardInterrupt, or one the callback raised) is kept and the
//// run stopped; the caller raises it again. A callback returning False stops the run (Cancelled).
struct PythonProgress {
    pybind11::object progress;
    std::shared_ptr<pybind11::error_already_set> error;

    ProgressCallback callback() {
        return [this](std::size_t done, std::size_t total) {
            pybind11::gil_scoped_acquire gil;
            if (PyErr_CheckSignals() != 0) {
                error = std::make_shared<pybind11::error_already_set>();
                return false;
            }
            if (progress.is_none()) return true;
            try {
                const pybind11::object answer = progress(done, total);
                return answer.is_none() || answer.cast<bool>();
            } catch (pybind11::error_already_set& e) {
                error = std::make_shared<pybind11::error_already_set>(std::move(e));
                return false;
            }
        };
    }
};

/// Runs f with the GIL released and the progress callback; re-raises a Python error it kept.
template <class F>
auto with_progress(const pybind11::object& progress, F&& f) {
    PythonProgress p{progress, nullptr};
    try {
        pybind11::gil_scoped_release release;
        return f(p.callback());
    } catch (const Cancelled&) {
        if (p.error) throw *p.error;
        throw;
    }
}

}  // namespace govindex::python
