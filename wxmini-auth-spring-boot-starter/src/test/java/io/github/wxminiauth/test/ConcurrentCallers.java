package io.github.wxminiauth.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the same call on many threads and lets the test wait until every one of them is parked,
 * i.e. blocked in a lock or waiting for a shared fetch, before it releases the fake WeChat.
 */
public final class ConcurrentCallers<T> {

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicReferenceArray<Object> outcomes;

	public ConcurrentCallers(int count, Supplier<T> call) {
		this.outcomes = new AtomicReferenceArray<>(count);
		for (int i = 0; i < count; i++) {
			int index = i;
			this.threads.add(new Thread(() -> {
				try {
					this.outcomes.set(index, call.get());
				}
				catch (RuntimeException ex) {
					this.outcomes.set(index, ex);
				}
			}, "caller-" + i));
		}
		this.threads.forEach(Thread::start);
	}

	/**
	 * Waits until every caller is parked (WAITING), polling; fails after the timeout.
	 */
	public void awaitAllParked(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.threads.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING)) {
			if (System.nanoTime() > deadline) {
				fail("not all callers reached the wait within " + timeout);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/**
	 * Joins every caller and returns what each returned or threw.
	 */
	public List<Object> outcomes() throws InterruptedException {
		for (Thread thread : this.threads) {
			thread.join();
		}
		List<Object> result = new ArrayList<>();
		for (int i = 0; i < this.outcomes.length(); i++) {
			result.add(this.outcomes.get(i));
		}
		return result;
	}

}
