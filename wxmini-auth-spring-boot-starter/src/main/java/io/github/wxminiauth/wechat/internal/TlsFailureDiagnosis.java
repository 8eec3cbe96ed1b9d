package io.github.wxminiauth.wechat.internal;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Names an I/O failure for an exception message; TLS failures also say what to check, since
 * "SSLHandshakeException" alone sends operators hunting. Only class names and fixed text are
 * used: the failure's own message may quote a URL with the AppSecret.
 */
final class TlsFailureDiagnosis {

	private TlsFailureDiagnosis() {
	}

	/**
	 * Describes the failure.
	 * @param ex the failure
	 * @return its simple class name, followed by the diagnosis for a TLS failure
	 */
	static String describe(IOException ex) {
		String name = ex.getClass().getSimpleName();
		if (!(ex instanceof SSLException)) {
			return name;
		}
		if (ex instanceof SSLPeerUnverifiedException) {
			return name + ": TLS handshake failed, the server's certificate does not match its host name";
		}
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof CertificateException || cause instanceof CertPathBuilderException
					|| cause instanceof CertPathValidatorException) {
				return name + ": TLS handshake failed, the server's certificate is not trusted "
						+ "(for a proxy or private certificate authority, trust it with wxmini.http.ssl-bundle)";
			}
		}
		return name + ": TLS handshake failed";
	}

}
