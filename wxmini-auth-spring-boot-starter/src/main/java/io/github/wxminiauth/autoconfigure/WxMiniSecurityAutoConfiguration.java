package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.security.config.WxMiniConfigurer;
import io.github.wxminiauth.security.web.WxMiniEndpoints;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultServletWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of the web security of WeChat Mini Program login: a default stateless
 * {@link SecurityFilterChain} with the {@link WxMiniConfigurer} applied (stepping back when the
 * application declares its own chain), and method security so that {@code @PreAuthorize} works.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WxMiniAutoConfiguration.class, before = ServletWebSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
public final class WxMiniSecurityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultServletWebSecurity
	static class WxMiniSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain wxMiniSecurityFilterChain(HttpSecurity http, WxMiniEndpoints endpoints,
				WxMiniProperties properties) {
			String[] publicPaths = properties.security().publicPaths().toArray(String[]::new);
			http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> {
					requests.requestMatchers(HttpMethod.POST, endpoints.login(), endpoints.refresh())
						.permitAll()
						.requestMatchers("/error")
						.permitAll();
					if (publicPaths.length > 0) {
						requests.requestMatchers(publicPaths).permitAll();
					}
					requests.anyRequest().authenticated();
				})
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(AbstractHttpConfigurer::disable)
				.formLogin(AbstractHttpConfigurer::disable)
				.httpBasic(AbstractHttpConfigurer::disable)
				.logout(AbstractHttpConfigurer::disable)
				.requestCache(AbstractHttpConfigurer::disable);
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = "preAuthorizeAuthorizationMethodInterceptor")
	@EnableMethodSecurity
	static class WxMiniMethodSecurityConfiguration {

	}

}
