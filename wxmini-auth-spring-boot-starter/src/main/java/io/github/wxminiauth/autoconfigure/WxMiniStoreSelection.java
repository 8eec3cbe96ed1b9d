package io.github.wxminiauth.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

/**
 * Decides, from {@code wxmini.store}, the classpath and the application's Redis configuration,
 * whether the stores live in Redis or in memory, and says why.
 *
 * @param redis whether Redis is used
 * @param reason why, for the start-up log
 */
record WxMiniStoreSelection(boolean redis, String reason) {

	static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	private static final String[] REDIS_PROPERTIES = { "spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes" };

	static WxMiniStoreSelection select(Environment environment, @Nullable ConfigurableListableBeanFactory beanFactory,
			@Nullable ClassLoader classLoader) {
		WxMiniProperties.Store store = Binder.get(environment)
			.bind("wxmini.store", WxMiniProperties.Store.class)
			.orElse(WxMiniProperties.Store.AUTO);
		boolean redisOnClasspath = ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, classLoader);
		if (store == WxMiniProperties.Store.MEMORY) {
			return new WxMiniStoreSelection(false, "wxmini.store=memory");
		}
		if (store == WxMiniProperties.Store.REDIS) {
			return new WxMiniStoreSelection(redisOnClasspath, redisOnClasspath ? "wxmini.store=redis"
					: "wxmini.store=redis, but spring-data-redis is not on the classpath");
		}
		if (!redisOnClasspath) {
			return new WxMiniStoreSelection(false, "wxmini.store=auto and spring-data-redis is not on the classpath");
		}
		for (String property : REDIS_PROPERTIES) {
			if (environment.containsProperty(property)) {
				return new WxMiniStoreSelection(true, "wxmini.store=auto and " + property + " is set");
			}
		}
		String applicationFactory = applicationConnectionFactory(beanFactory, classLoader);
		if (applicationFactory != null) {
			return new WxMiniStoreSelection(true,
					"wxmini.store=auto and the application defines the RedisConnectionFactory '" + applicationFactory
							+ "'");
		}
		return new WxMiniStoreSelection(false,
				"wxmini.store=auto and Redis is not configured (no spring.data.redis.host, url, port, "
						+ "sentinel.master or cluster.nodes, and no RedisConnectionFactory of the application)");
	}

	/**
	 * The name of a {@code RedisConnectionFactory} the application defines itself, as opposed to the
	 * one Spring Boot auto-configures to localhost whether or not Redis is used.
	 */
	private static @Nullable String applicationConnectionFactory(@Nullable ConfigurableListableBeanFactory beanFactory,
			@Nullable ClassLoader classLoader) {
		if (beanFactory == null) {
			return null;
		}
		Class<?> type = ClassUtils.resolveClassName(REDIS_CONNECTION_FACTORY, classLoader);
		for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
			if (!beanFactory.containsBeanDefinition(name) || !isAutoConfigured(beanFactory.getBeanDefinition(name))) {
				return name;
			}
		}
		return null;
	}

	private static boolean isAutoConfigured(BeanDefinition definition) {
		if (definition instanceof AnnotatedBeanDefinition annotated) {
			MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
			return factoryMethod != null
					&& factoryMethod.getDeclaringClassName().startsWith("org.springframework.boot.");
		}
		return false;
	}

}
