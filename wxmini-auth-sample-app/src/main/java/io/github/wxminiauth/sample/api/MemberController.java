package io.github.wxminiauth.sample.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Members only: users who have bound their phone number. The starter puts
 * {@code PHONE_VERIFIED} into every access token issued after the binding.
 */
@RestController
class MemberController {

	private static final List<Order> DEMO_ORDERS = List.of(new Order("SO-1001", "Oolong tea, 250 g", 6800, "PAID"),
			new Order("SO-1002", "Celadon tea cup", 12900, "SHIPPED"));

	@GetMapping("/api/member/orders")
	@PreAuthorize("hasAuthority('PHONE_VERIFIED')")
	List<Order> orders() {
		return DEMO_ORDERS;
	}

	record Order(@JsonProperty("order_id") String orderId, String item, @JsonProperty("amount_fen") int amountFen,
			String status) {
	}

}
