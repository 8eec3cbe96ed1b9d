package io.github.wxminiauth.integration.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ReflectionUtils;

/**
 * Runs a {@link WeChatStub} for each test class of {@link WxMiniIntegrationTest}, names it to the
 * application and hands the stub and a {@link TestHttp} to the test.
 * <p>
 * JUnit starts the stub before the first test and stops it after the last; the application,
 * built by Spring's test context later, reads {@code wxmini.api-base-url} from a property source
 * that asks this extension for the stub of its test class. The stub's address is kept after the
 * class has run, as the cached application context may still read its environment.
 */
public final class WeChatStubExtension implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor {

	static final String API_BASE_URL = "wxmini.api-base-url";

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(WeChatStubExtension.class);

	private static final Map<Class<?>, String> baseUrls = new ConcurrentHashMap<>();

	@Override
	public void beforeAll(ExtensionContext context) throws IllegalAccessException {
		Class<?> testClass = context.getRequiredTestClass();
		WeChatStub stub = null;
		Field field = stubField(testClass);
		if (field != null) {
			stub = (WeChatStub) field.get(null);
		}
		if (stub == null) {
			stub = new WeChatStub();
			if (field != null) {
				field.set(null, stub);
			}
		}
		stub.start();
		context.getStore(NAMESPACE).put(testClass, stub);
		baseUrls.put(testClass, stub.baseUrl());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		WeChatStub stub = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), WeChatStub.class);
		if (stub != null) {
			stub.stop();
		}
	}

	@Override
	public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
		ReflectionUtils.doWithFields(testInstance.getClass(), (field) -> {
			ReflectionUtils.makeAccessible(field);
			if (field.get(testInstance) == null) {
				field.set(testInstance, new TestHttp(port(context)));
			}
		}, (field) -> field.getType() == TestHttp.class && !Modifier.isStatic(field.getModifiers())
				&& !Modifier.isFinal(field.getModifiers()));
	}

	private static int port(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context)
			.getEnvironment()
			.getRequiredProperty("local.server.port", Integer.class);
	}

	private static Field stubField(Class<?> testClass) {
		Field[] found = new Field[1];
		ReflectionUtils.doWithFields(testClass, (field) -> {
			if (found[0] != null) {
				throw new IllegalStateException(testClass.getName() + " has more than one static WeChatStub field");
			}
			ReflectionUtils.makeAccessible(field);
			found[0] = field;
		}, (field) -> field.getType() == WeChatStub.class && Modifier.isStatic(field.getModifiers()));
		Field field = found[0];
		if (field != null && Modifier.isFinal(field.getModifiers()) && isNull(field)) {
			throw new IllegalStateException(field + " is final and empty: leave it not final to get the stub");
		}
		return field;
	}

	private static boolean isNull(Field field) {
		try {
			return field.get(null) == null;
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Adds {@code wxmini.api-base-url}, resolved from the stub of the test class, to the test
	 * application's environment, ahead of other property sources as a dynamic property would be.
	 */
	static final class BaseUrlCustomizerFactory implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			return new BaseUrlCustomizer(testClass);
		}

	}

	/**
	 * One per test class: the class's stub is part of its context's identity.
	 */
	private record BaseUrlCustomizer(Class<?> testClass) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment().getPropertySources().addFirst(new BaseUrlPropertySource(this.testClass));
		}

	}

	private static final class BaseUrlPropertySource extends EnumerablePropertySource<Class<?>> {

		BaseUrlPropertySource(Class<?> testClass) {
			super("wechatStub", testClass);
		}

		@Override
		public String[] getPropertyNames() {
			return new String[] { API_BASE_URL };
		}

		@Override
		public Object getProperty(String name) {
			if (!API_BASE_URL.equals(name)) {
				return null;
			}
			String baseUrl = baseUrls.get(getSource());
			if (baseUrl == null) {
				throw new IllegalStateException("No WeChatStub runs for " + getSource().getName()
						+ ": is it a @WxMiniIntegrationTest?");
			}
			return baseUrl;
		}

	}

}
