/** {@code docker push}: {@link dev.berth.client.push.Pusher} and its progress messages {@link dev.berth.client.push.PushEvent}. */
package dev.berth.client.push;
