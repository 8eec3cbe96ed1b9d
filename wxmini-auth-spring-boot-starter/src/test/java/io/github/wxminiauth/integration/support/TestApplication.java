package io.github.wxminiauth.integration.support;

import java.util.Map;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plainest application of the starter: its defaults and a controller with a protected, a
 * public and an authority-guarded endpoint.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TestApplication {

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal WxPrincipal principal) {
			return Map.of("openid", principal.openid(), "appid", principal.appId());
		}

		@GetMapping("/public/hello")
		Map<String, Object> hello() {
			return Map.of("hello", "world");
		}

		@GetMapping("/api/vip")
		@PreAuthorize("hasAuthority('PHONE_VERIFIED')")
		Map<String, Object> vip() {
			return Map.of("vip", true);
		}

	}

}
