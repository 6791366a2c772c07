package io.rostersync.model;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An immutable sorted set of names held in one sorted array: what {@link UserProfile} and {@link UserPatch}
 * keep for roles, groups and attribute names. A profile usually has one role and no or one group, and a
 * host holds its whole directory in memory while planning, so a {@link TreeSet} per collection (about
 * 130 bytes for one name) would be most of a profile's size; this is about 40. Equality, hash code,
 * iteration order and {@code toString} are those of a {@link TreeSet} with the same names, and every
 * mutator throws {@link UnsupportedOperationException}, as {@code Collections.unmodifiableSortedSet} does. Not API: the profile's type is {@link SortedSet}.
 */
final class SortedNames extends AbstractSet<String> implements SortedSet<String> {

    private static final SortedNames EMPTY = new SortedNames(new String[0]);

    /** Strictly ascending in natural order, no nulls; never written after construction. */
    private final String[] names;

    private SortedNames(String[] names) {
        this.names = names;
    }

    /** The names of an already validated set; the set is copied, so later changes to it do not show. */
    static SortedSet<String> copyOf(TreeSet<String> validated) {
        if (validated.isEmpty()) {
            return EMPTY;
        }
        return new SortedNames(validated.toArray(new String[0]));
    }

    /** Whether {@code values} is already one of these, so that copying it again is unnecessary. */
    static boolean isSortedNames(Collection<String> values) {
        return values instanceof SortedNames;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean contains(Object o) {
        // The same failures as a TreeSet of strings: null and non-strings are not comparable with names.
        return Arrays.binarySearch(names, (String) Objects.requireNonNull(o)) >= 0;
    }

    /**
     * Set equality, as for any {@link java.util.Set}; between two of these (every profile's roles and groups)
     * a comparison of the sorted arrays, without the iterator and the search per name of
     * {@link AbstractSet#equals}. The planner compares a profile's roles and groups for every linked pair.
     */
    @Override
    public boolean equals(@Nullable Object o) {
        if (o instanceof SortedNames other) {
            return Arrays.equals(names, other.names);
        }
        return super.equals(o);
    }

    /** The sum of the names' hash codes, as for any {@link java.util.Set}. */
    @Override
    public int hashCode() {
        int h = 0;
        for (String name : names) {
            h += name.hashCode();
        }
        return h;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < names.length;
            }

            @Override
            public String next() {
                if (next >= names.length) {
                    throw new NoSuchElementException();
                }
                return names[next++];
            }
        };
    }

    @Override
    public @Nullable Comparator<? super String> comparator() {
        return null; // natural ordering, as for a TreeSet built without a comparator
    }

    @Override
    public String first() {
        if (names.length == 0) {
            throw new NoSuchElementException();
        }
        return names[0];
    }

    @Override
    public String last() {
        if (names.length == 0) {
            throw new NoSuchElementException();
        }
        return names[names.length - 1];
    }

    @Override
    public SortedSet<String> subSet(String fromElement, String toElement) {
        if (fromElement.compareTo(toElement) > 0) {
            throw new IllegalArgumentException("fromElement > toElement");
        }
        return range(lowerBound(fromElement), lowerBound(toElement));
    }

    @Override
    public SortedSet<String> headSet(String toElement) {
        return range(0, lowerBound(toElement));
    }

    @Override
    public SortedSet<String> tailSet(String fromElement) {
        return range(lowerBound(fromElement), names.length);
    }

    // Refused even when they would change nothing, as an unmodifiable collection does.

    @Override
    public boolean add(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean addAll(Collection<? extends String> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeIf(Predicate<? super String> filter) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    /** Index of the first name not less than {@code bound}. */
    private int lowerBound(String bound) {
        int at = Arrays.binarySearch(names, Objects.requireNonNull(bound));
        return at >= 0 ? at : -at - 1;
    }

    private SortedSet<String> range(int from, int to) {
        if (from == 0 && to == names.length) {
            return this;
        }
        return from >= to ? EMPTY : new SortedNames(Arrays.copyOfRange(names, from, to));
    }
}
