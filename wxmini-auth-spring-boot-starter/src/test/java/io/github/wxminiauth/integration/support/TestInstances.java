package io.github.wxminiauth.integration.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.user.WxUserDetailsService;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Application instances, each a Spring Boot application of its own on a random port: of
 * {@link TestApplication} sharing a user store (as a database would be shared), or of another
 * application class with the beans it declares. Closing closes every instance still running.
 */
public final class TestInstances implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final Class<?> application;

	private final @Nullable WxUserDetailsService users;

	/**
	 * Instances of {@link TestApplication} that share this user store.
	 * @param users the user store
	 */
	public TestInstances(WxUserDetailsService users) {
		this.application = TestApplication.class;
		this.users = users;
	}

	/**
	 * Instances of this application, each with its own beans.
	 * @param application the application class
	 */
	public TestInstances(Class<?> application) {
		this.application = application;
		this.users = null;
	}

	public ConfigurableApplicationContext start(Map<String, Object> properties, ApplicationListener<?>... listeners) {
		return start(properties, Map.of(), listeners);
	}

	/**
	 * Starts an instance with further shared beans (e.g. a store of apps), by bean name.
	 */
	public ConfigurableApplicationContext start(Map<String, Object> properties, Map<String, Object> sharedBeans,
			ApplicationListener<?>... listeners) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(this.application).listeners(listeners)
			.properties(properties)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.initializers((applicationContext) -> {
				if (this.users != null) {
					applicationContext.getBeanFactory().registerSingleton("sharedUsers", this.users);
				}
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
