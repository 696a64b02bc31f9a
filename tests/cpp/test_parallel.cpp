#define BOOST_TEST_MODULE parallel
#include <boost/test/unit_test.hpp>

// The library's private parallel loop and counter-based random numbers (src/detail), tested
// directly: the engines rely on their contracts for results that do not depend on threads.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <govindex/errors.hpp>

#include "detail/parallel_for.hpp"
#include "detail/random.hpp"

using govindex::Cancelled;
using govindex::detail::CounterRandom;
using govindex::detail::LoopProgress;
using govindex::detail::parallel_for;
using govindex::detail::worker_count;

namespace {

/// Each chunk's slots filled from its own random stream, on `threads` threads.
std::vector<std::uint64_t> fill(unsigned threads, std::size_t chunks = 37) {
    std::vector<std::uint64_t> out(chunks * 5);
    parallel_for(chunks, threads, [&](std::size_t c, unsigned) {
        CounterRandom random(9, c, 7);
        for (std::size_t k = 0; k < 5; ++k) out[c * 5 + k] = random.below(1000 + c);
    });
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(worker_count_caps_threads_by_chunks) {
    BOOST_TEST(worker_count(3, 10) == 3u);
    BOOST_TEST(worker_count(8, 2) == 2u);
    BOOST_TEST(worker_count(4, 0) == 1u);
    BOOST_TEST(worker_count(0, 1000) >= 1u);
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_thread_count) {
    const auto one = fill(1);
    BOOST_TEST((fill(2) == one));
    BOOST_TEST((fill(3) == one));
    BOOST_TEST((fill(0) == one));
    // Every chunk ran once, on a worker in [0, workers).
    std::vector<std::atomic<int>> runs(100);
    std::atomic<bool> bad_worker{false};
    parallel_for(runs.size(), 3, [&](std::size_t c, unsigned worker) {
        ++runs[c];
        if (worker >= 3) bad_worker = true;
    });
    for (const auto& r : runs) BOOST_TEST(r.load() == 1);
    BOOST_TEST(!bad_worker);
    parallel_for(0, 3, [](std::size_t, unsigned) { throw std::logic_error("no chunk should run"); });
}

BOOST_AUTO_TEST_CASE(the_error_of_the_lowest_chunk_is_rethrown) {
    for (unsigned threads : {1u, 2u, 3u}) {
        for (int repeat = 0; repeat < 20; ++repeat) {
            try {
                parallel_for(64, threads, [](std::size_t c, unsigned) {
                    if (c == 40) throw std::runtime_error("chunk 40");
                    if (c == 9) {
                        std::this_thread::sleep_for(std::chrono::microseconds(200));  // after chunk 40 if it can
                        throw std::invalid_argument("chunk 9");
                    }
                });
                BOOST_FAIL("no exception");
            } catch (const std::invalid_argument& e) {
                BOOST_TEST(std::string(e.what()) == "chunk 9");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(progress_is_reported_from_the_calling_thread_and_can_cancel) {
    const auto caller = std::this_thread::get_id();
    for (unsigned threads : {1u, 2u, 3u}) {
        std::vector<std::pair<std::size_t, std::size_t>> calls;
        bool elsewhere = false;
        const std::function<bool(std::size_t, std::size_t)> record = [&](std::size_t done, std::size_t total) {
            elsewhere = elsewhere || std::this_thread::get_id() != caller;
            calls.emplace_back(done, total);
            return true;
        };
        // 12 chunks of 10 items, the last of 5: 115 items.
        const LoopProgress progress{
            .callback = record,
            .total = 115,
            .chunk_items = [](std::size_t c) { return c == 11 ? std::size_t{5} : std::size_t{10}; },
            .task = "test loop",
            .items = "items"};
        parallel_for(12, threads, progress,
                     [](std::size_t, unsigned) { std::this_thread::sleep_for(std::chrono::milliseconds(60)); });
        BOOST_TEST(!elsewhere);
        BOOST_REQUIRE(calls.size() >=
                      3u);  // before, at least one while running (the calling thread's chunks take >= 120 ms), after
        BOOST_TEST((calls.front() == std::pair<std::size_t, std::size_t>(0, 115)));
        BOOST_TEST((calls.back() == std::pair<std::size_t, std::size_t>(115, 115)));
        for (std::size_t k = 1; k < calls.size(); ++k) BOOST_TEST(calls[k].first >= calls[k - 1].first);
    }
    const std::function<bool(std::size_t, std::size_t)> never = [](std::size_t, std::size_t) { return false; };
    const LoopProgress refused{.callback = never,
                               .total = 50,
                               .chunk_items = [](std::size_t) { return std::size_t{10}; },
                               .task = "test loop",
                               .items = "items"};
    bool ran = false;
    BOOST_CHECK_EXCEPTION(
        parallel_for(5, 2, refused, [&](std::size_t, unsigned) { ran = true; }), Cancelled, [](const Cancelled& e) {
            return std::string(e.what()) == "test loop: stopped by the progress callback before the first of 50 items";
        });
    BOOST_TEST(!ran);
    // Stopped once some chunks are done: no chunk is started afterwards, the threads are joined.
    for (unsigned threads : {1u, 2u, 3u}) {
        std::atomic<int> started{0};
        int calls = 0;
        const std::function<bool(std::size_t, std::size_t)> second = [&](std::size_t, std::size_t) {
            return ++calls < 2;
        };
        const LoopProgress stop{.callback = second,
                                .total = 1000,
                                .chunk_items = [](std::size_t) { return std::size_t{1}; },
                                .task = "test loop",
                                .items = "items"};
        try {
            parallel_for(1000, threads, stop, [&](std::size_t, unsigned) {
                ++started;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            });
            BOOST_FAIL("not cancelled");
        } catch (const Cancelled& e) {
            const std::string what = e.what();
            BOOST_TEST(what.starts_with("test loop: stopped by the progress callback after "));
            BOOST_TEST(what.ends_with(" of 1000 items"));
        }
        BOOST_TEST(started.load() < 1000);
    }
}

BOOST_AUTO_TEST_CASE(a_throwing_progress_callback_stops_the_loop) {
    const std::function<bool(std::size_t, std::size_t)> throws = [](std::size_t done, std::size_t) {
        if (done > 0) throw std::domain_error("from the callback");
        return true;
    };
    const LoopProgress progress{.callback = throws,
                                .total = 400,
                                .chunk_items = [](std::size_t) { return std::size_t{1}; },
                                .task = "test loop",
                                .items = "items"};
    BOOST_CHECK_THROW(
        parallel_for(400, 2, progress,
                     [](std::size_t, unsigned) { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }),
        std::domain_error);
}

BOOST_AUTO_TEST_CASE(counter_random_streams) {
    // A stream is a function of (seed, stream, purpose) only; uniform and below share its words.
    CounterRandom a(5, 3, 1), b(5, 3, 1), other(5, 3, 2);
    const std::uint64_t first = a.bits();
    BOOST_TEST(first == b.bits());
    BOOST_TEST(first != other.bits());
    BOOST_TEST(a.uniform() == b.uniform());
    // Integers below n: in range, every value reached, and a power of two takes one word each.
    CounterRandom r(1, 0);
    std::vector<int> seen(7, 0);
    for (int k = 0; k < 7000; ++k) {
        const std::uint64_t v = r.below(7);
        BOOST_REQUIRE(v < 7u);
        ++seen[v];
    }
    for (int s : seen) BOOST_TEST((s > 850 && s < 1150));
    CounterRandom p(2, 4), q(2, 4);
    for (int k = 0; k < 10; ++k) BOOST_TEST(p.below(8) == q.bits() % 8);
    BOOST_TEST(CounterRandom(3, 0).below(1) == 0u);
    // n just above half the words rejects about half of them: still in range.
    const std::uint64_t big = (std::uint64_t{1} << 63) + 12345;
    for (int k = 0; k < 100; ++k) BOOST_TEST(r.below(big) < big);
}
