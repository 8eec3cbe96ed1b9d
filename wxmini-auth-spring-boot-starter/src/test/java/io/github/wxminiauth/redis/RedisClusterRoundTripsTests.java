package io.github.wxminiauth.redis;

/**
 * {@link RedisRoundTripsTests} on the local Redis Cluster: every script names its slot, so none
 * is redirected or split.
 */
class RedisClusterRoundTripsTests extends RedisRoundTripsTests {

	@Override
	TestRedis testRedis() {
		return TestRedis.cluster();
	}

}
