package io.github.wxminiauth.coexistence.ledger;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;

import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The ledger's operations, guarded by the method security the ledger enabled.
 */
@Service
public class Ledger {

	@Secured("ROLE_CLERK")
	public List<String> entries() {
		return List.of("2026-11-30 收款 1288.00", "2026-11-30 退款 -88.00");
	}

	@Secured("ROLE_MANAGER")
	public String closeMonth() {
		return "2026-11 closed";
	}

	@RolesAllowed("MANAGER")
	public String payroll() {
		return "payroll 2026-11";
	}

	/**
	 * Carries an annotation the ledger does not enforce: it turned {@code prePostEnabled} off, so
	 * any clerk may read the forecast, as the ledger's tests pin.
	 */
	@PreAuthorize("hasRole('MANAGER')")
	public String forecast() {
		return "forecast 2026-12";
	}

}
