package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.security.config.WxMiniConfigurer;
import io.github.wxminiauth.security.web.WxErrorResponseWriter;
import io.github.wxminiauth.security.web.WxMiniEndpoints;
import io.github.wxminiauth.security.web.internal.WxProblemWriter;
import io.github.wxminiauth.security.web.internal.WxRequestRejectedHandler;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultServletWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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
import org.springframework.security.web.firewall.CompositeRequestRejectedHandler;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.ObservationMarkingRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.function.SingletonSupplier;

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
	 * Firewall rejections in the contract's shape for the starter's requests (all of them when
	 * the application's security is the starter's alone); Spring Security's default for others.
	 */
	@Bean
	@ConditionalOnMissingBean(RequestRejectedHandler.class)
	RequestRejectedHandler wxMiniRequestRejectedHandler(ObjectProvider<SecurityFilterChain> chains,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<WxErrorResponseWriter> errorWriter,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		JsonMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
		WxProblemWriter writer = new WxProblemWriter(mapper,
				errorWriter.getIfUnique(() -> WxErrorResponseWriter.problemDetails(mapper)));
		// The chains are complete once a request arrives: decided then, once.
		SingletonSupplier<Boolean> starterOnly = SingletonSupplier
			.of(() -> WxRequestRejectedHandler.isStarterOnly(chains.orderedStream().toList()));
		RequestRejectedHandler handler = new WxRequestRejectedHandler(writer, starterOnly::obtain,
				new HttpStatusRequestRejectedHandler());
		ObservationRegistry registry = observationRegistry.getIfUnique();
		if (registry == null || registry.isNoop()) {
			return handler;
		}
		// As Spring Security's own default does: the rejection is marked on the observation.
		return new CompositeRequestRejectedHandler(new ObservationMarkingRequestRejectedHandler(registry), handler);
	}

	/**
	 * Tomcat rejects an encoded {@code /} in a path itself, with an HTML page; passed through, it
	 * is rejected by Spring Security's firewall instead (which refuses it as it refuses
	 * {@code //} and {@code ;}), so that every such rejection is answered in one place and shape.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.catalina.connector.Connector",
			"org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory" })
	static class WxMiniTomcatConfiguration {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> wxMiniEncodedSlashToTheFirewall() {
			return (factory) -> factory.addConnectorCustomizers((connector) -> connector
				.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
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
