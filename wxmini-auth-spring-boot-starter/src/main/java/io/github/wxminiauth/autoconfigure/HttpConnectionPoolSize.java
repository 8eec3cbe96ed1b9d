package io.github.wxminiauth.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;

/**
 * The size of the connection pool to WeChat when {@code wxmini.http.max-connections} is not set:
 * as many connections as the server handles requests at once, so that the pool is never the
 * bound of logins. On platform threads that is Tomcat's worker threads
 * ({@code server.tomcat.threads.max}, 200 by default); on virtual threads every accepted
 * connection has a thread of its own, so it is Tomcat's connection limit
 * ({@code server.tomcat.max-connections}, 8192 by default), and a pool of 200 would otherwise
 * make 200 calls to WeChat the limit of the whole server. The pool opens connections only as
 * calls need them.
 */
final class HttpConnectionPoolSize {

	/** Boot's default of {@code server.tomcat.threads.max}. */
	static final int DEFAULT_THREADS = 200;

	/** Boot's default of {@code server.tomcat.max-connections}. */
	static final int DEFAULT_MAX_CONNECTIONS = 8192;

	private HttpConnectionPoolSize() {
	}

	static int resolve(@Nullable Integer configured, Environment environment) {
		return resolve(configured, environment, Threading.VIRTUAL.isActive(environment));
	}

	static int resolve(@Nullable Integer configured, Environment environment, boolean virtualThreads) {
		if (configured != null) {
			return configured;
		}
		if (virtualThreads) {
			return positive(environment.getProperty("server.tomcat.max-connections", Integer.class),
					DEFAULT_MAX_CONNECTIONS);
		}
		return positive(environment.getProperty("server.tomcat.threads.max", Integer.class), DEFAULT_THREADS);
	}

	/** Tomcat reads a limit of -1 or 0 as "unbounded"; the pool then keeps the default. */
	private static int positive(@Nullable Integer value, int fallback) {
		return (value != null && value > 0) ? value : fallback;
	}

}
