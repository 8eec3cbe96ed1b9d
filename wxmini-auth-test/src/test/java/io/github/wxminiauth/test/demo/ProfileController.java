package io.github.wxminiauth.test.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dereferences the principal without a null check, as application code does: a test that leaves
 * it null fails with a 500.
 */
@RestController
class ProfileController {

	@GetMapping("/api/profile")
	Map<String, Object> profile(@AuthenticationPrincipal WxPrincipal principal, Authentication authentication) {
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("openid", principal.openid());
		profile.put("appid", principal.appId());
		profile.put("unionid", principal.unionid());
		profile.put("sid", principal.sessionId());
		List<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		profile.put("authorities", authorities);
		return profile;
	}

	@GetMapping("/api/vip")
	@PreAuthorize("hasAuthority('PHONE_VERIFIED')")
	Map<String, String> vip(@AuthenticationPrincipal WxPrincipal principal) {
		return Map.of("welcome", principal.openid());
	}

}
