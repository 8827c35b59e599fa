package org.compass.model.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * An immutable DNN as a DAG whose nodes are stored in a topological order (inputs before consumers).
 */
public final class Network {

    private final String name;
    private final List<Node> nodes;
    private final List<List<Integer>> consumers;
    private final List<String> notes;
    private final Set<Integer> kvCache;
    private final int cachedTokens;

    Network(String name, List<Node> nodes) {
        this(name, nodes, List.of(), Set.of());
    }

    Network(String name, List<Node> nodes, List<String> notes) {
        this(name, nodes, notes, Set.of());
    }

    Network(String name, List<Node> nodes, List<String> notes, Set<Integer> kvCache) {
        this(name, nodes, notes, kvCache, 0);
    }

    Network(String name, List<Node> nodes, List<String> notes, Set<Integer> kvCache, int cachedTokens) {
        this.cachedTokens = cachedTokens;
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.notes = List.copyOf(notes);
        this.kvCache = Set.copyOf(kvCache);
        List<List<Integer>> cons = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            cons.add(new ArrayList<>());
        }
        for (Node n : nodes) {
            for (int in : n.inputs()) {
                if (!cons.get(in).contains(n.id())) {
                    cons.get(in).add(n.id());
                }
            }
        }
        List<List<Integer>> frozen = new ArrayList<>();
        for (List<Integer> c : cons) {
            frozen.add(List.copyOf(c));
        }
        this.consumers = Collections.unmodifiableList(frozen);
    }

    /** The network's name (zoo name or file stem). */
    public String name() {
        return name;
    }

    /**
     * What an importer decided that the user should know, one line each (a static batch imported per input,
     * graph inputs taken as activations, an embedding table left in DRAM); empty for most networks.
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * Whether the node's output is part of a decoder's KV cache, which lives in DRAM across decode steps: an INPUT
     * node holds the keys or values of the tokens already cached (read from DRAM by every step, never freed), any
     * other node makes the new token's keys or values, which are appended to the cache (stored to DRAM, kept after
     * the step). See {@code docs/llm.md}.
     */
    public boolean kvCache(int id) {
        return kvCache.contains(id);
    }

    /** Whether any node is part of a KV cache (a decoder network). */
    public boolean hasKvCache() {
        return !kvCache.isEmpty();
    }

    /**
     * Tokens already in the KV cache when the network is one decode step of a decoder whose graph says so (an ONNX
     * export that concatenates one new token's keys and values to cached ones of L tokens: L); 0 otherwise (the
     * zoo's decoders take their phase from the problem instead, docs/llm.md).
     */
    public int cachedTokens() {
        return cachedTokens;
    }

    /** All nodes in topological order; a node's id is its index. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node with the given id. */
    public Node node(int id) {
        return nodes.get(id);
    }

    /** Ids of the nodes reading the output of the given node. */
    public List<Integer> consumers(int id) {
        return consumers.get(id);
    }

    /** Number of nodes, the inputs included. */
    public int size() {
        return nodes.size();
    }

    /** Nodes whose weights live in crossbars. */
    public List<Node> weightedNodes() {
        return nodes.stream().filter(Node::weighted).toList();
    }

    /** Conv and linear multiply-accumulates for one input. */
    public long macs() {
        return nodes.stream().mapToLong(Node::macs).sum();
    }

    /** Crossbar weights (bias excluded). */
    public long crossbarWeights() {
        return nodes.stream().mapToLong(Node::crossbarWeights).sum();
    }

    /** Trainable parameters of conv and linear layers, bias included. */
    public long parameters() {
        return nodes.stream().mapToLong(Node::parameters).sum();
    }

    /** Nodes that no other node reads, other than inputs: the network's outputs. */
    public List<Node> outputs() {
        return nodes.stream().filter(n -> n.kind() != LayerKind.INPUT && consumers(n.id()).isEmpty()).toList();
    }

    @Override
    public String toString() {
        return name + " (" + nodes.size() + " nodes)";
    }
}
