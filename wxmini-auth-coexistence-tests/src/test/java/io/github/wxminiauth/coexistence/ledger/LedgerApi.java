package io.github.wxminiauth.coexistence.ledger;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's HTTP API.
 */
@RestController
public class LedgerApi {

	private final Ledger ledger;

	LedgerApi(Ledger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/ledger/entries")
	Map<String, List<String>> entries() {
		return Map.of("entries", this.ledger.entries());
	}

	@PostMapping("/ledger/close-month")
	Map<String, String> closeMonth() {
		return Map.of("result", this.ledger.closeMonth());
	}

	@GetMapping("/ledger/payroll")
	Map<String, String> payroll() {
		return Map.of("result", this.ledger.payroll());
	}

	@GetMapping("/ledger/forecast")
	Map<String, String> forecast() {
		return Map.of("result", this.ledger.forecast());
	}

}
