package io.github.wxminiauth.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something that happens on another thread or instance, up to a deadline. The result is
 * what a test asserts, so a condition that never holds fails the test; how long it took is not
 * asserted.
 */
public final class Eventually {

	private Eventually() {
	}

	public static boolean holds(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

}
