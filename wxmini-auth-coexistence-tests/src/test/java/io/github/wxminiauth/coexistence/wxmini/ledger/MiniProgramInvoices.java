package io.github.wxminiauth.coexistence.wxmini.ledger;

import java.util.List;
import java.util.Map;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.access.annotation.Secured;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's invoices, for the mini program.
 */
@RestController
public class MiniProgramInvoices {

	@GetMapping("/ledger/my-invoices")
	@Secured("ROLE_USER")
	public Map<String, Object> myInvoices(@AuthenticationPrincipal WxPrincipal customer) {
		return Map.of("customer", customer.openid(), "invoices", List.of("INV-2026-11-0042"));
	}

}
