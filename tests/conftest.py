import warnings
warnings.filterwarnings("ignore", message="Sparse")
