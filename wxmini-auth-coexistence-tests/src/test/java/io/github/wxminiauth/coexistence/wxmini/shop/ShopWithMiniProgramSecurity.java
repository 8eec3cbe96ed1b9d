package io.github.wxminiauth.coexistence.wxmini.shop;

import io.github.wxminiauth.coexistence.shop.ShopSecurity;
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
 * The chain of {@link ShopSecurity} with {@code http.with(WxMiniConfigurer.wxMini(), …)} added,
 * nothing else changed: HTTP Basic, the shop's JWTs and the mini program's tokens on every path.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class ShopWithMiniProgramSecurity {

	@Bean
	SecurityFilterChain shopSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/api/auth/login")
			.permitAll()
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic(Customizer.withDefaults())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
