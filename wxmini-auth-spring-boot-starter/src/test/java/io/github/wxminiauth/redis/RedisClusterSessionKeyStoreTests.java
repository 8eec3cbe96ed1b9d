package io.github.wxminiauth.redis;

/**
 * {@link RedisSessionKeyStore} against the local Redis Cluster: every scenario of {@link RedisSessionKeyStoreTests}.
 */
class RedisClusterSessionKeyStoreTests extends RedisSessionKeyStoreTests {

	@Override
	TestRedis testRedis() {
		return TestRedis.cluster();
	}

}
