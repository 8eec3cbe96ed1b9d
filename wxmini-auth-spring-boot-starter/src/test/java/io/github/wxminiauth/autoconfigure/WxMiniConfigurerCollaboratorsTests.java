package io.github.wxminiauth.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wxminiauth.security.authentication.internal.WxMiniAuthenticationProvider;
import io.github.wxminiauth.security.config.WxMiniConfigurer;
import io.github.wxminiauth.security.web.WxErrorResponseWriter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configurer's collaborators: the value given to it, else the only bean, else the default,
 * with a message that says what to provide when none fits.
 */
class WxMiniConfigurerCollaboratorsTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				WxMiniAutoConfiguration.class, WxMiniSecurityAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=secret",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef");

	@Test
	void twoErrorWritersAndNoChoiceFailStartUpSayingWhatToProvide() {
		this.runner.withUserConfiguration(TwoErrorWriters.class, PlainChain.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("2 WxErrorResponseWriter beans")
				.hasMessageContaining("WxMiniConfigurer.wxMini().errorResponseWriter(");
		});
	}

	@Test
	void theWriterGivenToTheConfigurerWinsOverTheBeans() {
		this.runner.withUserConfiguration(TwoErrorWriters.class, ChainChoosingAWriter.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theLoginProviderAndManagerGoThroughTheChainsObjectPostProcessors() {
		this.runner.withUserConfiguration(RecordingChain.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(RecordingChain.processed).hasAtLeastOneElementOfType(WxMiniAuthenticationProvider.class);
			assertThat(RecordingChain.processed).anyMatch(AuthenticationManager.class::isInstance);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoErrorWriters {

		@Bean
		WxErrorResponseWriter firstWriter() {
			return (request, response, error) -> response.getWriter().write("first");
		}

		@Bean
		WxErrorResponseWriter secondWriter() {
			return (request, response, error) -> response.getWriter().write("second");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainChain {

		@Bean
		SecurityFilterChain api(HttpSecurity http) {
			return http.with(WxMiniConfigurer.wxMini(), (wx) -> {
			}).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ChainChoosingAWriter {

		@Bean
		SecurityFilterChain api(HttpSecurity http, List<WxErrorResponseWriter> writers) {
			return http.with(WxMiniConfigurer.wxMini(), (wx) -> wx.errorResponseWriter(writers.get(0))).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingChain {

		static final List<Object> processed = new CopyOnWriteArrayList<>();

		@Bean
		SecurityFilterChain api(HttpSecurity http) {
			return http.with(WxMiniConfigurer.wxMini(), (wx) -> wx.withObjectPostProcessor(new ObjectPostProcessor<Object>() {

				@Override
				public <O> O postProcess(O object) {
					processed.add(object);
					return object;
				}

			})).build();
		}

	}

}
