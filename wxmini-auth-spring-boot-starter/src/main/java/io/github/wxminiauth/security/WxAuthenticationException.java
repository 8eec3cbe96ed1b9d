package io.github.wxminiauth.security;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * An authentication failure that carries the contract error to answer.
 *
 * @since 0.1.0
 */
public class WxAuthenticationException extends AuthenticationException {

	private final WxAuthError error;

	public WxAuthenticationException(WxAuthError error) {
		super(error.detail());
		Assert.notNull(error, "error must not be null");
		this.error = error;
	}

	public WxAuthenticationException(WxAuthError error, Throwable cause) {
		super(error.detail(), cause);
		this.error = error;
	}

	public WxAuthError getError() {
		return this.error;
	}

}
