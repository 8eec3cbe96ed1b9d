package io.github.wxminiauth.integration.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A test of a whole application on a random port with {@link WeChatStub} as WeChat, the set-up
 * that the flow tests share:
 * <ul>
 * <li>a {@link WeChatStub} runs for the test class and {@code wxmini.api-base-url} points to it;
 * a {@code static WeChatStub} field of the test class gets it (a field that already holds a stub,
 * say one with a WireMock configuration of its own, is started and used instead);</li>
 * <li>every {@link TestHttp} field of a test instance that is still {@code null} gets a client of
 * the running application.</li>
 * </ul>
 * Further dynamic properties stay with {@code @DynamicPropertySource} in the test class.
 *
 * @see WeChatStubExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// Before @SpringBootTest, so that WeChat runs before the application context starts.
@ExtendWith(WeChatStubExtension.class)
@ContextCustomizerFactories(WeChatStubExtension.BaseUrlCustomizerFactory.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public @interface WxMiniIntegrationTest {

	/**
	 * The application's configuration classes, as {@link SpringBootTest#classes()}.
	 * @return the configuration classes, none to find the nested or nearest one
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default {};

	/**
	 * Properties of the application, as {@link SpringBootTest#properties()}.
	 * @return {@code key=value} pairs
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

}
