package io.github.wxminiauth.coexistence.partner;

import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The partner API.
 */
@RestController
public class PartnerApi {

	@GetMapping("/partner/me")
	Map<String, Object> me(Authentication caller) {
		return Map.of("name", caller.getName());
	}

	@GetMapping("/partner/orders")
	@PreAuthorize("hasAuthority('SCOPE_orders:read')")
	Map<String, Object> orders() {
		return Map.of("orders", List.of("PO-2026-0007"));
	}

}
