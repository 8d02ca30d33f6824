package dev.atelier.admin.web;

import io.micronaut.http.HttpRequest;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * The client's address for the sign-in throttle. {@code X-Forwarded-For} is believed only when
 * the connection comes from a configured trusted proxy ({@code ATELIER_ADMIN_TRUSTED_PROXIES});
 * then the client is the right-most address in it that is not itself a trusted proxy. Anyone
 * else could write any address there.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpRequest<?> request, Set<InetAddress> trustedProxies) {
        InetAddress remote = request.getRemoteAddress().getAddress();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(remote)) return remote.getHostAddress();
        List<String> hops = request.getHeaders().getAll("X-Forwarded-For").stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::strip).filter(s -> !s.isEmpty()).toList();
        InetAddress client = remote;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop;
            try {
                hop = InetAddress.ofLiteral(hops.get(i));
            } catch (IllegalArgumentException e) {
                break; // not an address: the chain cannot be followed further
            }
            client = hop;
            if (!trustedProxies.contains(hop)) break;
        }
        return client.getHostAddress();
    }
}
