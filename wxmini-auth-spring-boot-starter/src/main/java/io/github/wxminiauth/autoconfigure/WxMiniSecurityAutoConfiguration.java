package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.security.config.WxMiniConfigurer;
import io.github.wxminiauth.security.web.WxMiniEndpoints;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultServletWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of the web security of WeChat Mini Program login: a default
 * {@link SecurityFilterChain} with the {@link WxMiniConfigurer} applied (stepping back when the
 * application declares its own chain), and method security so that {@code @PreAuthorize} works
 * (stepping back when the application configures method security itself).
 * <p>
 * The default chain is stateless, unless the application has users of its own (a
 * {@link UserDetailsService} or {@link AuthenticationProvider} bean): Spring Boot's default chain
 * would give those form login and HTTP Basic, so this one keeps both, with their sessions, next to
 * the mini-program endpoints.
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

		/**
		 * The bean factory name of Spring Boot's generated in-memory user, which exists only when
		 * the application has no users of its own.
		 */
		private static final String BOOT_GENERATED_USERS = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration";

		@Bean
		SecurityFilterChain wxMiniSecurityFilterChain(HttpSecurity http, WxMiniEndpoints endpoints,
				WxMiniProperties properties, ConfigurableListableBeanFactory beanFactory) {
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
				});
			if (hasApplicationUsers(beanFactory)) {
				http.formLogin(Customizer.withDefaults()).httpBasic(Customizer.withDefaults());
			}
			else {
				http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
					.csrf(AbstractHttpConfigurer::disable)
					.formLogin(AbstractHttpConfigurer::disable)
					.httpBasic(AbstractHttpConfigurer::disable)
					.logout(AbstractHttpConfigurer::disable)
					.requestCache(AbstractHttpConfigurer::disable);
			}
			return http.build();
		}

		private static boolean hasApplicationUsers(ConfigurableListableBeanFactory beanFactory) {
			return hasApplicationBean(beanFactory, UserDetailsService.class)
					|| hasApplicationBean(beanFactory, AuthenticationProvider.class);
		}

		private static boolean hasApplicationBean(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
			for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
				if (!beanFactory.containsBeanDefinition(name)) {
					return true;
				}
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				if (!BOOT_GENERATED_USERS.equals(definition.getFactoryBeanName())) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * Method security for {@code @PreAuthorize}, unless the application configures method
	 * security itself ({@code @EnableMethodSecurity} with whatever settings, or the older
	 * {@code @EnableGlobalMethodSecurity}): its settings then stand as they are.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(type = {
			"org.springframework.security.authorization.method.AuthorizationAdvisorProxyFactory",
			"org.springframework.security.config.annotation.method.configuration.GlobalMethodSecurityConfiguration" })
	@EnableMethodSecurity
	static class WxMiniMethodSecurityConfiguration {

	}

}
