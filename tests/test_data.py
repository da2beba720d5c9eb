"""nnref.data: the column convention, honest splits, training-only statistics, seeds."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import datasets

from nnref import data


@pytest.fixture(scope="module")
def cancer() -> data.SplitDataset:
    return data.breast_cancer(test_fraction=0.2, seed=0)


@pytest.fixture(scope="module")
def digits() -> data.SplitDataset:
    return data.digits(test_fraction=0.25, seed=1)


def test_breast_cancer_shapes_and_labels(cancer: data.SplitDataset) -> None:
    assert cancer.X_train.shape[0] == cancer.X_test.shape[0] == 30
    m_train, m_test = cancer.X_train.shape[1], cancer.X_test.shape[1]
    assert (m_train, m_test) == (456, 113)  # 42 of 212 malignant, 71 of 357 benign
    assert cancer.Y_train.shape == (1, m_train) and cancer.Y_test.shape == (1, m_test)
    assert set(np.unique(cancer.Y_train)) == {0.0, 1.0}
    np.testing.assert_array_equal(cancer.labels_train, cancer.Y_train)
    assert cancer.class_names == ("malignant", "benign")
    assert len(cancer.feature_names) == 30


def test_split_is_stratified(cancer: data.SplitDataset) -> None:
    reference = datasets.load_breast_cancer().target
    for labels in [cancer.labels_train, cancer.labels_test]:
        share = np.mean(labels == 0)
        assert share == pytest.approx(np.mean(reference == 0), abs=0.005)


def test_standardised_with_training_statistics_only(cancer: data.SplitDataset) -> None:
    np.testing.assert_allclose(cancer.X_train.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(cancer.X_train.std(axis=1), 1, rtol=1e-12)
    # The test set went through the training map, so its own mean is not exactly 0.
    assert np.abs(cancer.X_test.mean(axis=1)).max() > 1e-3


def test_every_tumour_once_each_feature_an_affine_image_of_the_raw_data(
    cancer: data.SplitDataset,
) -> None:
    """The reference is scikit-learn's raw table: same values, up to x -> (x - mean) / std."""
    raw = datasets.load_breast_cancer().data.T
    together = np.hstack([cancer.X_train, cancer.X_test])
    assert together.shape == raw.shape
    assert np.unique(together, axis=1).shape[1] == raw.shape[1]  # no tumour in both sets
    for ours, theirs in zip(together, raw, strict=True):
        slope, intercept = np.polyfit(np.sort(theirs), np.sort(ours), 1)
        np.testing.assert_allclose(np.sort(ours), slope * np.sort(theirs) + intercept, atol=1e-9)


def test_digits(digits: data.SplitDataset) -> None:
    assert digits.X_train.shape[0] == 64 and digits.Y_train.shape[0] == 10
    assert digits.X_train.shape[1] + digits.X_test.shape[1] == 1797
    for Y, labels in [(digits.Y_train, digits.labels_train), (digits.Y_test, digits.labels_test)]:
        assert Y.sum(axis=0).tolist() == [1.0] * Y.shape[1]  # one-hot
        np.testing.assert_array_equal(Y.argmax(axis=0, keepdims=True), labels)
    assert digits.class_names == tuple("0123456789")
    assert np.isfinite(digits.X_test).all()  # constant pixels: centred, not divided by 0
    constant = digits.X_train.std(axis=1) == 0
    assert constant.any() and not digits.X_train[constant].any()


def test_same_seed_same_split_and_generators_work() -> None:
    first = data.breast_cancer(seed=4)
    np.testing.assert_array_equal(first.X_test, data.breast_cancer(seed=4).X_test)
    assert not np.array_equal(first.X_test, data.breast_cancer(seed=5).X_test)
    from_generator = data.breast_cancer(seed=np.random.default_rng(4))
    np.testing.assert_array_equal(first.X_test, from_generator.X_test)


def test_test_fraction() -> None:
    assert data.breast_cancer(test_fraction=0.5).X_test.shape[1] == 106 + 179  # half up


# --- toy sets ----------------------------------------------------------------------------

TOYS = [data.xor, data.moons, data.circles]


@pytest.mark.parametrize("make", TOYS)
@pytest.mark.parametrize("m", [2, 7, 200])
def test_toy_shapes_labels_and_seeds(make, m: int) -> None:
    X, Y = make(m, seed=3)
    assert X.shape == (2, m) and Y.shape == (1, m)
    assert set(np.unique(Y)) <= {0.0, 1.0}
    again = make(m, seed=3)
    np.testing.assert_array_equal(X, again[0])
    np.testing.assert_array_equal(Y, again[1])
    assert not np.array_equal(X, make(m, seed=4)[0])


@pytest.mark.parametrize("make", [data.moons, data.circles])
def test_two_curves_have_half_the_points_each(make) -> None:
    _, Y = make(101, seed=0)
    assert Y.sum() == 51


def test_noise_free_geometry() -> None:
    """Without noise each point lies exactly on its curve, as in scikit-learn's makers."""
    X, Y = data.xor(50, noise=0.0, seed=0)
    assert set(np.abs(X).ravel()) == {1.0}
    np.testing.assert_array_equal(Y[0], (X[0] * X[1] < 0).astype(float))

    X, Y = data.moons(60, noise=0.0, seed=0)
    outer, inner = X[:, Y[0] == 0], X[:, Y[0] == 1]
    np.testing.assert_allclose(np.hypot(*outer), 1.0)
    np.testing.assert_allclose(np.hypot(inner[0] - 1, inner[1] - 0.5), 1.0)
    reference, labels = datasets.make_moons(60, noise=0.0, random_state=0)
    np.testing.assert_allclose(
        np.hypot(reference[labels == 1, 0] - 1, reference[labels == 1, 1] - 0.5), 1.0
    )

    X, Y = data.circles(60, noise=0.0, seed=0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[:, Y[0] == 0]), 1.0)
    np.testing.assert_allclose(np.hypot(*X[:, Y[0] == 1]), 0.3)


def test_noise_moves_points_by_about_its_size() -> None:
    clean, _ = data.circles(2000, noise=0.0, seed=0)
    noisy, _ = data.circles(2000, noise=0.1, seed=0)
    assert np.std(noisy - clean) == pytest.approx(0.1, rel=0.1)
