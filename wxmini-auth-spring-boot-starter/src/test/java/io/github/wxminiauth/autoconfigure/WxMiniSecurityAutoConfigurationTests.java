package io.github.wxminiauth.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
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
	void leavesTheApplicationsOwnMethodSecuritySettingsAsTheyAre() {
		this.runner.withUserConfiguration(SecuredOnlyMethodSecurity.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("securedAuthorizationMethodInterceptor")
				.doesNotHaveBean("preAuthorizeAuthorizationMethodInterceptor")
				.doesNotHaveBean(WxMiniSecurityAutoConfiguration.WxMiniMethodSecurityConfiguration.class));
	}

	@Test
	void leavesTheGlobalAuthenticationManagerToTheApplicationsUsers(CapturedOutput output) {
		this.runner.withUserConfiguration(OwnUsers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AuthenticationManager global = context.getBean(AuthenticationConfiguration.class)
				.getAuthenticationManager();
			Authentication authenticated = global
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "alice-password"));
			assertThat(authenticated.isAuthenticated()).isTrue();
			assertThat(authenticated.getName()).isEqualTo("alice");
			assertThat(output).doesNotContain("Global AuthenticationManager configured with AuthenticationProvider")
				.doesNotContain("UserDetailsService beans will not be used");
		});
	}

	@Test
	void keepsFormLoginAndBasicInTheDefaultChainForAnApplicationWithUsersOfItsOwn() {
		this.runner.withUserConfiguration(OwnUsers.class).run((context) -> {
			SecurityFilterChain chain = context.getBean(SecurityFilterChain.class);
			assertThat(chain.getFilters()).extracting((filter) -> filter.getClass().getSimpleName())
				.contains("UsernamePasswordAuthenticationFilter", "BasicAuthenticationFilter",
						"WxMiniAuthenticationFilter", "WxBearerTokenAuthenticationFilter");
		});
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

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity(prePostEnabled = false, securedEnabled = true)
	static class SecuredOnlyMethodSecurity {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnUsers {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("STAFF").build());
		}

	}

}
