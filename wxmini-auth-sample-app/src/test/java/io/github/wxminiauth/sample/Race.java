package io.github.wxminiauth.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs one task many times at once: every contender waits at a start line, then all go together,
 * as racing logins of one user do.
 */
public final class Race {

	private static final int MOST_THREADS = 32;

	private Race() {
	}

	/**
	 * Runs {@code task} with the indexes {@code 0 … contenders - 1} at once and waits up to 90
	 * seconds for them all.
	 * @param contenders how many runs
	 * @param task what each runs, given its index
	 * @param <T> what a run returns
	 * @return the results, in the order of the indexes
	 * @throws Exception when a run failed or did not end in time
	 */
	public static <T> List<T> run(int contenders, IntFunction<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(contenders, MOST_THREADS));
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<T>> results = new ArrayList<>();
			for (int i = 0; i < contenders; i++) {
				int index = i;
				results.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return task.apply(index);
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
			return results.stream().map(CompletableFuture::join).toList();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
