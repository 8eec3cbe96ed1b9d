package io.github.wxminiauth.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the connection pool to WeChat follows the server's concurrency unless
 * {@code wxmini.http.max-connections} is set.
 */
class HttpConnectionPoolSizeTests {

	@Test
	void platformThreadsGetTomcatsDefaultThreadCount() {
		assertThat(HttpConnectionPoolSize.resolve(null, new MockEnvironment(), false)).isEqualTo(200);
	}

	@Test
	void platformThreadsFollowTomcatsThreadCount() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.tomcat.threads.max", "512")
			.withProperty("server.tomcat.max-connections", "3000");
		assertThat(HttpConnectionPoolSize.resolve(null, environment, false)).isEqualTo(512);
	}

	@Test
	void virtualThreadsGetTomcatsDefaultConnectionLimit() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.tomcat.threads.max", "512");
		assertThat(HttpConnectionPoolSize.resolve(null, environment, true)).isEqualTo(8192);
	}

	@Test
	void virtualThreadsFollowTomcatsConnectionLimit() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.tomcat.max-connections", "1100");
		assertThat(HttpConnectionPoolSize.resolve(null, environment, true)).isEqualTo(1100);
	}

	@Test
	void anUnboundedTomcatLimitKeepsTheDefault() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.tomcat.max-connections", "-1");
		assertThat(HttpConnectionPoolSize.resolve(null, environment, true)).isEqualTo(8192);
	}

	@Test
	void aConfiguredSizeWinsOnEitherKindOfThread() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.tomcat.threads.max", "512")
			.withProperty("server.tomcat.max-connections", "3000");
		assertThat(HttpConnectionPoolSize.resolve(50, environment, false)).isEqualTo(50);
		assertThat(HttpConnectionPoolSize.resolve(50, environment, true)).isEqualTo(50);
	}

	@Test
	void virtualThreadsCountOnlyWhereTheJvmHasThem() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");
		int expected = (Runtime.version().feature() >= 21) ? 8192 : 200;
		assertThat(HttpConnectionPoolSize.resolve(null, environment)).isEqualTo(expected);
		assertThat(HttpConnectionPoolSize.resolve(null, new MockEnvironment())).isEqualTo(200);
	}

}
