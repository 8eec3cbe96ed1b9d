package io.github.wxminiauth.coexistence.wxmini.shopwxminifirst;

import io.github.wxminiauth.coexistence.wxmini.shop.ShopWithMiniProgramSecurity;
import io.github.wxminiauth.security.config.WxMiniConfigurer;

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
 * The chain of {@link ShopWithMiniProgramSecurity} with {@code http.with(WxMiniConfigurer.wxMini(), …)}
 * as its first line instead of after the shop's own authentication.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class ShopWithWxMiniFirstSecurity {

	@Bean
	SecurityFilterChain shopSecurityFilterChain(HttpSecurity http) {
		http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/api/auth/login")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.httpBasic(Customizer.withDefaults())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
