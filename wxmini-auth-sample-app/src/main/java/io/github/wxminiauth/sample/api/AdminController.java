package io.github.wxminiauth.sample.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wxminiauth.sample.user.WxUser;
import io.github.wxminiauth.sample.user.WxUserRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators only: the openids listed in {@code sample.admin-openids}.
 *
 * @author wxmini-auth
 */
@RestController
class AdminController {

	private final WxUserRepository users;

	AdminController(WxUserRepository users) {
		this.users = users;
	}

	@GetMapping("/api/admin/users")
	@PreAuthorize("hasRole('ADMIN')")
	List<UserSummary> users() {
		return this.users.findTop100ByOrderByCreatedAtAsc().stream().map(AdminController::summary).toList();
	}

	private static UserSummary summary(WxUser user) {
		return new UserSummary(user.getOpenid(), PhoneNumbers.mask(user.getPurePhoneNumber()), user.getCreatedAt());
	}

	record UserSummary(String openid, @JsonProperty("phone_number") @Nullable String phoneNumber,
			@JsonProperty("created_at") Instant createdAt) {
	}

}
