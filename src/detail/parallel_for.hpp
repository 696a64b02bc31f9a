#pragma once
// The library's one parallel loop (private): every engine that runs work on several threads
// (uncertainty, sensitivity, survey replicates) goes through parallel_for. Chosen over OpenMP by
// measurement (benchmarks/README.md, Figures, 2026-12-08): threads are started per call, so
// nothing is left running between calls or across fork() (Python multiprocessing, Dask).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "govindex/errors.hpp"

namespace govindex::detail {

/// The number of workers parallel_for uses for `chunks` chunks: `threads` (0 = every core), at
/// most one per chunk, at least one. Size per-worker scratch with it.
inline unsigned worker_count(unsigned threads, std::size_t chunks) {
    const unsigned t = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
    return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(t, chunks)));
}

/// Progress reporting for parallel_for. `callback(done, total)` (done: the items of the finished
/// chunks) is called from the calling thread only (in Python it takes the GIL and checks Ctrl-C):
/// before the first chunk, about every 100 ms while the loop runs, and with (total, total) at the
/// end. When it returns false the loop stops and throws Cancelled, "<task>: stopped by the
/// progress callback before the first of <total> <items>" or "... after <done> of <total> <items>".
struct LoopProgress {
    const std::function<bool(std::size_t done, std::size_t total)>& callback;  ///< empty: no reports
    std::size_t total = 0;                                                     ///< items in all chunks
    std::function<std::size_t(std::size_t chunk)> chunk_items;                 ///< items in one chunk
    const char* task = "";                                                     ///< e.g. "uncertainty engine"
    const char* items = "";                                                    ///< e.g. "runs"
};

namespace parallel {

/// The loop behind parallel_for; `progress` may be null.
inline void run(std::size_t chunks, unsigned threads, const LoopProgress* progress,
                const std::function<void(std::size_t chunk, unsigned worker)>& body) {
    using clock = std::chrono::steady_clock;
    const bool reporting = progress != nullptr && static_cast<bool>(progress->callback);
    const std::size_t total = reporting ? progress->total : 0;
    const auto cancelled_error = [&](const std::string& when) {
        return Cancelled(std::string(progress->task) + ": stopped by the progress callback " + when + " " +
                         std::to_string(total) + " " + progress->items);
    };
    if (reporting && !progress->callback(0, total)) throw cancelled_error("before the first of");

    std::atomic<std::size_t> next{0};  // the next chunk to take
    std::atomic<std::size_t> done{0};  // items of the finished chunks
    std::atomic<bool> stop{false};     // an error or a cancellation: take no more chunks
    std::mutex mutex;                  // guards error, error_chunk, running
    std::condition_variable finished;  // a started thread ran out of chunks
    std::exception_ptr error;          // the error of the lowest chunk that threw
    std::size_t error_chunk = std::numeric_limits<std::size_t>::max();
    std::exception_ptr callback_error;  // thrown by the progress callback (calling thread)
    bool cancelled = false;             // calling thread only
    unsigned running = 0;               // started threads still taking chunks
    auto last_report = clock::now();
    const auto report = [&] {  // calling thread only
        if (!reporting || cancelled || callback_error) return;
        last_report = clock::now();
        try {
            if (!progress->callback(done.load(), total)) cancelled = true, stop.store(true);
        } catch (...) {
            callback_error = std::current_exception();
            stop.store(true);
        }
    };
    const auto take_chunks = [&](unsigned worker) {
        for (;;) {
            if (stop.load()) return;
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks) return;
            try {
                body(c, worker);
            } catch (...) {
                // Chunks are taken in order, so every chunk below c has started and will finish:
                // the error kept is the lowest chunk's whatever the timing.
                const std::lock_guard lock(mutex);
                if (c < error_chunk) error = std::current_exception(), error_chunk = c;
                stop.store(true);
            }
            if (reporting) {
                done.fetch_add(progress->chunk_items(c));
                if (worker == 0 && clock::now() - last_report >= std::chrono::milliseconds(100)) report();
            }
        }
    };

    const unsigned workers = worker_count(threads, chunks);
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) {
        {
            const std::lock_guard lock(mutex);
            ++running;
        }
        try {
            pool.emplace_back([&, w] {
                take_chunks(w);
                const std::lock_guard lock(mutex);
                if (--running == 0) finished.notify_all();
            });
        } catch (const std::system_error&) {  // no more threads to be had: the started ones share the chunks
            const std::lock_guard lock(mutex);
            --running;
            break;
        }
    }
    take_chunks(0);
    if (reporting) {  // report while the other threads finish their chunks
        std::unique_lock lock(mutex);
        while (running > 0) {
            finished.wait_for(lock, std::chrono::milliseconds(100));
            if (running > 0) {
                lock.unlock();
                report();
                lock.lock();
            }
        }
    }
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    if (callback_error) std::rethrow_exception(callback_error);
    if (cancelled) throw cancelled_error("after " + std::to_string(done.load()) + " of");
    if (reporting) (void)progress->callback(total, total);
}

}  // namespace parallel

/// Runs body(chunk, worker) for every chunk in [0, chunks) on worker_count(threads, chunks)
/// threads, the calling thread being worker 0 (its thread_local scratch lasts from call to call).
/// Chunks are handed out in increasing order to whichever worker is free, so each chunk must
/// write only its own slots (and per-worker scratch) for the result not to depend on the thread
/// count. When bodies throw, no further chunk is started and the exception of the lowest chunk
/// is rethrown once every thread has stopped.
template <class Body>
void parallel_for(std::size_t chunks, unsigned threads, Body&& body) {
    if (worker_count(threads, chunks) == 1) {  // on the calling thread, without the machinery
        for (std::size_t c = 0; c < chunks; ++c) body(c, 0u);
        return;
    }
    parallel::run(chunks, threads, nullptr, std::function<void(std::size_t, unsigned)>(std::ref(body)));
}

/// parallel_for with progress reports and cancellation (LoopProgress).
template <class Body>
void parallel_for(std::size_t chunks, unsigned threads, const LoopProgress& progress, Body&& body) {
    parallel::run(chunks, threads, &progress, std::function<void(std::size_t, unsigned)>(std::ref(body)));
}

}  // namespace govindex::detail
