package io.github.wxminiauth.test.demo;

import io.github.wxminiauth.user.WxPrincipal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Method security away from the web layer: a service guarded by {@code @PreAuthorize}.
 */
@Service
class GreetingService {

	@PreAuthorize("hasAuthority('PHONE_VERIFIED')")
	String greetMember() {
		WxPrincipal principal = (WxPrincipal) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
		return "Welcome back, " + principal.openid();
	}

}
