package io.github.wxminiauth.coexistence.shop;

import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's API.
 */
@RestController
public class ShopApi {

	@GetMapping("/api/me")
	Map<String, Object> me(Authentication user) {
		return Map.of("name", user.getName(), "roles", roles(user));
	}

	@GetMapping("/api/orders")
	@PreAuthorize("hasRole('USER')")
	Map<String, Object> orders(Authentication user) {
		return Map.of("owner", user.getName(), "orders", List.of("SO-20260101-0001"));
	}

	@GetMapping("/api/admin/report")
	@PreAuthorize("hasRole('ADMIN')")
	Map<String, Object> report() {
		return Map.of("report", "daily-sales");
	}

	private static List<String> roles(Authentication user) {
		return user.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.sorted()
			.toList();
	}

}
