package io.github.wxminiauth.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class WxMiniSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				WxMiniAutoConfiguration.class, WxMiniSecurityAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=secret",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef");

	@Test
	void contributesTheDefaultChainInsteadOfBoots() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).hasBean("wxMiniSecurityFilterChain");
			SecurityFilterChain chain = context.getBean(SecurityFilterChain.class);
			assertThat(chain.getFilters()).extracting((filter) -> filter.getClass().getSimpleName())
				.contains("WxMiniAuthenticationFilter", "WxRefreshTokenFilter", "WxBearerTokenAuthenticationFilter",
						"WxLogoutFilter", "WxPhoneNumberFilter")
				.doesNotContain("UsernamePasswordAuthenticationFilter", "BasicAuthenticationFilter", "CsrfFilter");
		});
	}

	@Test
	void enablesMethodSecurity() {
		this.runner.run((context) -> assertThat(context).hasBean("preAuthorizeAuthorizationMethodInterceptor")
			.hasSingleBean(WxMiniSecurityAutoConfiguration.WxMiniMethodSecurityConfiguration.class));
	}

	@Test
	void stepsBackWhenTheApplicationDeclaresItsOwnChain() {
		this.runner.withUserConfiguration(OwnChain.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).doesNotHaveBean("wxMiniSecurityFilterChain");
			assertThat(context).hasBean("ownChain");
		});
	}

	@Test
	void leavesMethodSecurityToAnApplicationThatEnablesIt() {
		this.runner.withUserConfiguration(OwnMethodSecurity.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("preAuthorizeAuthorizationMethodInterceptor")
				.doesNotHaveBean(WxMiniSecurityAutoConfiguration.WxMiniMethodSecurityConfiguration.class));
	}

	@Test
	void doesNothingOutsideAWebApplication() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class,
					WxMiniSecurityAutoConfiguration.class))
			.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=secret")
			.run((context) -> assertThat(context).doesNotHaveBean(SecurityFilterChain.class));
	}

	@Test
	void doesNothingWithoutSpringSecurityWeb() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
			.run((context) -> assertThat(context).doesNotHaveBean("wxMiniSecurityFilterChain"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) {
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class OwnMethodSecurity {

	}

}
