from autograder.grading.suite import assert_close, assert_raises, edge, points
from reference import conv2d as ref

FORMULA = "(size + 2*padding - kernel) // stride + 1"


@points(1)
def test_conv_output_size_lecture_examples(student):
    """conv_output_size: the lecture's (32, 5, 0, 1) -> 28 and (224, 7, 3, 2) -> 112"""
    for args, expected in (((32, 5, 0, 1), 28), ((224, 7, 3, 2), 112)):
        size, kernel, padding, stride = args
        assert_close(student.conv_output_size(*args), expected,
                     call=f"conv_output_size({size}, {kernel}, {padding}, {stride})",
                     mistakes={"the +1 is missing": expected - 1}, hint=FORMULA)


@points(1)
def test_conv_output_size_defaults(student):
    """conv_output_size: padding 0 and stride 1 by default"""
    assert_close(student.conv_output_size(7, 3), 5, call="conv_output_size(7, 3)",
                 mistakes={"the +1 is missing": 4})


@points(2)
def test_conv_output_size_table(student):
    """conv_output_size: odd sizes, paddings and strides that do not divide evenly"""
    for size, kernel, padding, stride in ((5, 3, 1, 2), (6, 3, 0, 2), (10, 4, 2, 3), (7, 7, 0, 1),
                                          (28, 3, 1, 1), (9, 2, 0, 4), (1, 1, 0, 1)):
        expected = ref.conv_output_size(size, kernel, padding, stride)
        assert_close(student.conv_output_size(size, kernel, padding, stride), expected,
                     call=f"conv_output_size({size}, {kernel}, {padding}, {stride})",
                     mistakes={"the +1 is missing": expected - 1,
                               "padding added on one side only":
                                   (size + padding - kernel) // stride + 1},
                     hint=FORMULA + " (integer division)")


@edge
@points(2)
def test_conv_output_size_rejects_impossible_layers(student):
    """conv_output_size: ValueError when the kernel does not fit or stride < 1"""
    for size, kernel, padding, stride in ((3, 5, 0, 1), (3, 4, 0, 1), (4, 7, 1, 2)):
        assert_raises("ValueError", student.conv_output_size, size, kernel, padding, stride,
                      call=f"conv_output_size({size}, {kernel}, {padding}, {stride})")
    assert_raises("ValueError", student.conv_output_size, 8, 3, 0, 0,
                  call="conv_output_size(8, 3, 0, 0)")
