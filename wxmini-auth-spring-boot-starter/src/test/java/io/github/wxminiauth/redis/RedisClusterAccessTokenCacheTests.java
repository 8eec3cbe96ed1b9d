package io.github.wxminiauth.redis;

/**
 * {@link RedisAccessTokenCache} against the local Redis Cluster: every scenario of {@link RedisAccessTokenCacheTests}.
 */
class RedisClusterAccessTokenCacheTests extends RedisAccessTokenCacheTests {

	@Override
	TestRedis testRedis() {
		return TestRedis.cluster();
	}

}
