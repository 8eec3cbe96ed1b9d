package io.github.wxminiauth.autoconfigure.webmvc;

import java.util.Map;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class VipController {

	@GetMapping("/api/vip")
	@PreAuthorize("hasAuthority('PHONE_VERIFIED')")
	Map<String, Object> vip(@AuthenticationPrincipal WxPrincipal principal) {
		return Map.of("openid", principal.openid());
	}

}
