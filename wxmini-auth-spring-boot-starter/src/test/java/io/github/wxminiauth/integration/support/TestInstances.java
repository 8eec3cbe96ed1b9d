package io.github.wxminiauth.integration.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.user.WxUserDetailsService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Application instances of {@link TestApplication}, each a Spring Boot
 * application of its own on a random port, sharing a user store (as a database would be shared).
 */
public final class TestInstances implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final WxUserDetailsService users;

	public TestInstances(WxUserDetailsService users) {
		this.users = users;
	}

	public ConfigurableApplicationContext start(Map<String, Object> properties, ApplicationListener<?>... listeners) {
		return start(properties, Map.of(), listeners);
	}

	/**
	 * Starts an instance with further shared beans (e.g. a store of apps), by bean name.
	 */
	public ConfigurableApplicationContext start(Map<String, Object> properties, Map<String, Object> sharedBeans,
			ApplicationListener<?>... listeners) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(
				TestApplication.class)
			.listeners(listeners)
			.properties(properties)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.initializers((applicationContext) -> {
				applicationContext.getBeanFactory().registerSingleton("sharedUsers", this.users);
				sharedBeans.forEach(applicationContext.getBeanFactory()::registerSingleton);
			})
			.run();
		this.contexts.add(context);
		return context;
	}

	public static TestHttp http(ConfigurableApplicationContext context) {
		return new TestHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	public static StringRedisTemplate redis(ConfigurableApplicationContext context) {
		return new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.contexts.clear();
	}

}
