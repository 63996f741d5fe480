package dev.berth.engine.network;

import java.util.List;

/**
 * What goes into a container's {@code /etc/hosts} and {@code /etc/resolv.conf} besides its own address: docker's
 * {@code --add-host} ({@code name:ip}), {@code --dns}, {@code --dns-search}, {@code --dns-option} and {@code --link}
 * ({@code container-name:alias}, resolved on the default bridge through /etc/hosts).
 */
public record HostsConfig(List<String> extraHosts, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
        List<String> links) {
    public static final HostsConfig NONE = new HostsConfig(List.of(), List.of(), List.of(), List.of(), List.of());

    public HostsConfig {
        extraHosts = List.copyOf(extraHosts);
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        dnsOptions = List.copyOf(dnsOptions);
        links = List.copyOf(links);
        for (String h : extraHosts) {
            int colon = h.indexOf(':');
            if (colon <= 0 && h.indexOf('=') <= 0) {
                throw dev.berth.oci.error.BerthException.invalid("bad format for add-host: \"" + h + "\"");
            }
        }
    }
}
